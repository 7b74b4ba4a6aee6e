"""Rapporter: the follow-up figures and the ESF participant report."""
