"""Order, after-sale and pre-sale flows behind the ``app.bot.Flows`` protocol."""

from app.flows.build import FLOWS, build_flows, build_order_system
from app.flows.engine import Flow, FlowEngine

__all__ = ["FLOWS", "Flow", "FlowEngine", "build_flows", "build_order_system"]
