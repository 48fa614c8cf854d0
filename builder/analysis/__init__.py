"""Analyses of computed results: the audit against the published numbers (coherence and uncertainty next)."""

from .audit import AuditReport, audit, report_text

__all__ = ["AuditReport", "audit", "report_text"]
