"""Demo data: a province's made-up establishments, proposals through every step, courses and voting, for
trying the program, for the screenshots, and for the tests and benchmarks at a province's size."""
