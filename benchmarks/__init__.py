"""Benchmarks: load time, throughput, memory and SpamAssassin side by side (`make bench`).

Not part of the test suite. Everything runs on this machine, offline, with fixed seeds and sizes.
"""
