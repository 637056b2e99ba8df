"""Naver SmartPlace intake: URL normalisation, SSRF-safe fetching and page parsing."""
