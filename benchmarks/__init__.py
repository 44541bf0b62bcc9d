"""Benchmarks for piiguard (synthetic corpus generator, throughput and accuracy runs)."""
