"""Create an agent account from the command line.

    python -m handoff.create_agent xiaomei --role agent --name 小美 --max-chats 3

The password comes from ``CS_AGENT_PASSWORD`` when set, else it is asked for twice.
The database is the server's (``CS_DATABASE_URL`` / ``CS_DATA_DIR``) unless
``--database-url`` names another.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

import handoff.models  # noqa: F401  (registers the tables)
from app.config import Settings
from app.db import create_schema, make_engine
from handoff.agents import ROLE_RANK, create_agent
from handoff.errors import HandoffError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handoff.create_agent", description=__doc__)
    parser.add_argument("username")
    parser.add_argument("--role", choices=[str(role) for role in ROLE_RANK], default="agent")
    parser.add_argument("--name", dest="display_name", help="the name shoppers see (小美)")
    parser.add_argument("--max-chats", type=int, default=3, help="chats at once (default 3)")
    parser.add_argument("--database-url", help="default: the server's database")
    args = parser.parse_args(argv)

    password = os.environ.get("CS_AGENT_PASSWORD") or _ask_password()
    if password is None:
        return 2
    engine = make_engine(args.database_url or Settings().sqlalchemy_url)
    try:
        create_schema(engine)
        agent = create_agent(
            engine,
            args.username,
            password,
            display_name=args.display_name,
            role=args.role,
            max_chats=args.max_chats,
        )
    except HandoffError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"created {agent.role} {agent.username} ({agent.display_name}), id {agent.id}")
    return 0


def _ask_password() -> str | None:
    password = getpass.getpass("password: ")
    if getpass.getpass("again: ") != password:
        print("error: the passwords differ", file=sys.stderr)
        return None
    return password


if __name__ == "__main__":
    raise SystemExit(main())
