"""Pulso web service: dashboard, review queue, REST API and scheduled jobs."""

from pulso.web.app import create_app

__all__ = ["create_app"]
