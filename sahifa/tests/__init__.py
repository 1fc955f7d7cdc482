"""Whole-site checks: privacy over every public endpoint, the permission
matrix, the XSS corpus and fault injection. They exercise every layer, so
they live above all of them."""
