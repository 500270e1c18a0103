from symposium.search.service import run_search

__all__ = ["run_search"]
