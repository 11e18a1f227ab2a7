"""Operations metrics, served at ``/metrics`` in the Prometheus text format.

Each app has its own registry (several apps in one process, as in tests, do not clash).
Rates such as messages per second are Prometheus' ``rate()`` over the counters.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Matching runs in tens of microseconds; flows that call the order system take longer.
LATENCY_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1.0, 5.0)
WAIT_BUCKETS = (5, 15, 30, 60, 120, 300, 600, 1800, 3600)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.open_connections = Gauge(
            "cs_open_connections", "Open websocket connections", ["kind"], registry=self.registry
        )
        self.messages = Counter(
            "cs_messages", "Messages stored, by sender", ["sender"], registry=self.registry
        )
        self.bot_answer_seconds = Histogram(
            "cs_bot_answer_seconds",
            "Time the bot took to answer one message (normalise, match, flow)",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.match_seconds = Histogram(
            "cs_match_seconds",
            "Time to normalise and match one message",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.queue_length = Gauge(
            "cs_queue_length", "Conversations waiting for a human agent", registry=self.registry
        )
        self.queue_wait_seconds = Histogram(
            "cs_queue_wait_seconds",
            "How long conversations waited in the queue before an agent took them",
            buckets=WAIT_BUCKETS,
            registry=self.registry,
        )
        self.handoffs = Counter(
            "cs_handoffs",
            "Conversations handed to humans, by reason",
            ["reason"],
            registry=self.registry,
        )
        self.order_system_errors = Counter(
            "cs_order_system_errors",
            "Order-system calls that failed, by operation",
            ["operation"],
            registry=self.registry,
        )
        self.shopper_messages = self.messages.labels("shopper")
        self.bot_messages = self.messages.labels("bot")
        self.shopper_connections = self.open_connections.labels("shopper")
        self.agent_connections = self.open_connections.labels("agent")
