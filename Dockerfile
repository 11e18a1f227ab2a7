# The same server as `make run`, on a volume for its SQLite file and secret key.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    CS_HOST=0.0.0.0 \
    CS_PORT=8000 \
    CS_DATA_DIR=/data

WORKDIR /srv
COPY . .
# Editable install: the data folders (shops/, quick_replies/, intents/) stay beside the code;
# staff edit the library through the admin pages, so its folders belong to the server's user.
RUN pip install -e . \
    && useradd --system --uid 10001 --home-dir /srv cs \
    && mkdir -p /data \
    && chown cs /data \
    && chown -R cs quick_replies/library quick_replies/lexicon intents/rules

USER cs
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["python", "-m", "app"]
