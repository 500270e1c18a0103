from symposium.search.service import narrowing_tags, run_search

__all__ = ["narrowing_tags", "run_search"]
