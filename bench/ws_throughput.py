"""Shopper websocket throughput: the full path against a bare echo endpoint.

    python -m bench.ws_throughput [--shoppers 100 1000] [--messages 20 5]

Starts the real server (``CS_BOT=echo``: the transport alone, fresh SQLite file) and then
a bare echo websocket app the same way, plays N concurrent shoppers on 127.0.0.1 against
each (every shopper sends a bounded number of messages, one after another), and prints
messages/s, round trip p50/p99, the server's CPU per message, and its RSS per open connection.

Shoppers ask what the simulator's shoppers ask (the non-escalating scenarios of the demo
shop's ``simulation.yaml``): each a few questions of their own, in turn, so no question
comes back within the repeated-question window (``handoff/policy.yaml``) and the figure is
the chat path's, not the escalation path's. The echo endpoint gets the same texts.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson
import psutil
import yaml
from websockets.asyncio.client import ClientConnection, connect

from tests.server import ROOT, LiveServer

DEADLINE_SECONDS = 120  # every phase stops by then, whatever happens
SCENARIOS = ROOT / "shops" / "demo_fruit" / "simulation.yaml"
QUESTIONS_PER_SHOPPER = 8  # more than the repeated-question window: no question comes back in it


def question_pool(path: Path = SCENARIOS) -> list[str]:
    """Every shopper turn of the scenarios that do not ask for a person, once each."""
    scenarios = yaml.safe_load(path.read_text(encoding="utf-8"))["scenarios"]
    turns = (t for s in scenarios if not s.get("escalates") for t in s["turns"])
    return list(dict.fromkeys(turns))


def questions_of(pool: list[str], shopper: int) -> list[str]:
    """One shopper's own few questions (the same for the full path and the echo)."""
    return random.Random(shopper).sample(pool, min(QUESTIONS_PER_SHOPPER, len(pool)))


@dataclass
class Run:
    label: str
    shoppers: int
    messages: int
    seconds: float
    round_trips: list[float]
    server_cpu: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    @property
    def cpu_us_per_message(self) -> float:
        return self.server_cpu / self.messages * 1e6

    def line(self) -> str:
        trips = sorted(self.round_trips)
        p50 = statistics.median(trips) * 1e3
        p99 = trips[int(len(trips) * 0.99) - 1] * 1e3
        return (
            f"{self.label:<5} {self.shoppers:>5} shoppers  {self.messages:>6} msgs  "
            f"{self.rate:>8.0f} msg/s  rtt p50 {p50:6.2f} ms  p99 {p99:7.2f} ms  "
            f"server cpu {self.cpu_us_per_message:6.1f} us/msg"
        )


async def open_shopper(url: str, full: bool) -> ClientConnection:
    socket = await connect(url, max_size=2**20, compression=None, open_timeout=30)
    if full:
        await socket.send('{"type":"hello","v":1}')
        await socket.recv()
    return socket


async def chat(
    socket: ClientConnection, full: bool, questions: list[str], turns: range, tag: str
) -> list[float]:
    trips = []
    for index in turns:
        text = questions[index % len(questions)]  # in turn: never the same one back to back
        frame = orjson.dumps({"type": "message", "client_id": f"{tag}-{index}", "text": text})
        started = time.perf_counter()
        await socket.send(frame.decode())
        if full:
            while orjson.loads(await socket.recv())["type"] != "message":
                pass  # the ack comes first, then the bot's reply
        else:
            await socket.recv()
        trips.append(time.perf_counter() - started)
    return trips


async def measure(server: LiveServer, label: str, shoppers: int, per_shopper: int) -> Run:
    full = label == "full"
    process = psutil.Process(server.process.pid)  # type: ignore[union-attr]
    sockets = await asyncio.gather(*(open_shopper(server.ws_url, full) for _ in range(shoppers)))
    pool = question_pool()
    asks = [questions_of(pool, i) for i in range(shoppers)]
    warm_up = range(1)
    await asyncio.gather(*(chat(s, full, asks[i], warm_up, f"w{i}") for i, s in enumerate(sockets)))
    cpu_before = sum(process.cpu_times()[:2])
    started = time.perf_counter()
    turns = range(1, per_shopper + 1)  # on from the warm-up question
    results = await asyncio.wait_for(
        asyncio.gather(*(chat(s, full, asks[i], turns, str(i)) for i, s in enumerate(sockets))),
        DEADLINE_SECONDS,
    )
    seconds = time.perf_counter() - started
    cpu = sum(process.cpu_times()[:2]) - cpu_before
    await asyncio.gather(*(s.close() for s in sockets))
    trips = [trip for shopper in results for trip in shopper]
    return Run(label, shoppers, len(trips), seconds, trips, cpu)


async def rss_per_connection(server: LiveServer, count: int) -> float:
    process = psutil.Process(server.process.pid)  # type: ignore[union-attr]
    warm = await asyncio.gather(*(open_shopper(server.ws_url, True) for _ in range(50)))
    await asyncio.gather(*(s.close() for s in warm))
    await asyncio.sleep(0.5)
    before = process.memory_info().rss
    sockets = await asyncio.gather(*(open_shopper(server.ws_url, True) for _ in range(count)))
    await asyncio.sleep(0.5)
    after = process.memory_info().rss
    await asyncio.gather(*(s.close() for s in sockets))
    return (after - before) / count / 1024


def start(label: str, root: Path) -> LiveServer:
    env = {"CS_BOT": "echo", "CS_RATE_PER_SECOND": "100000", "CS_RATE_BURST": "100000"}
    env["CS_LOG_LEVEL"] = "WARNING"
    module = "app" if label == "full" else "bench.echo_app"
    return LiveServer(root / label, env=env, module=module).start()


async def main(shopper_counts: list[int], per_shopper: list[int]) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 65536)), hard))
    runs: dict[tuple[str, int], Run] = {}
    with tempfile.TemporaryDirectory() as root:
        for label in ("full", "echo"):
            server = start(label, Path(root))
            try:
                if label == "full":  # on a fresh server, before anything was allocated
                    rss_kb = await rss_per_connection(server, max(shopper_counts))
                for shoppers, count in zip(shopper_counts, per_shopper, strict=True):
                    runs[label, shoppers] = run = await measure(server, label, shoppers, count)
                    print(run.line(), flush=True)
            finally:
                server.stop()
    for shoppers in shopper_counts:
        full, echo = runs["full", shoppers], runs["echo", shoppers]
        cpu, echo_cpu = full.cpu_us_per_message, echo.cpu_us_per_message
        print(
            f"at {shoppers} shoppers: full/echo msg/s ratio {full.rate / echo.rate:.2f}, "
            f"cpu per msg {cpu:.1f} us vs echo {echo_cpu:.1f} us ({cpu / echo_cpu:.2f}x)"
        )
    top = max(shopper_counts)
    full, echo = runs["full", top], runs["echo", top]
    print(f"rss per open connection at {top} connections: {rss_kb:.1f} KB")
    print(
        f"ratio_vs_echo={full.rate / echo.rate:.2f} "
        f"cpu_us_per_msg={full.cpu_us_per_message:.1f} rss_kb_per_conn={rss_kb:.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shoppers", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--messages", type=int, nargs="+", default=[20, 5])
    options = parser.parse_args()
    asyncio.run(main(options.shoppers, options.messages))
