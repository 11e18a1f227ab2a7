"""Staff tools: edit the matching library through an API, its history, try-it, conflict
check and unanswered-question mining (``app.admin.views`` holds the routes)."""
