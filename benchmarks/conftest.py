# Reuse the test world (schools, team, users, students) for benchmarks; run via `make bench`.
pytest_plugins = ["tests.conftest"]
