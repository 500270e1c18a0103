from symposium.search.service import narrowing_tags, run_search, tag_groups, topics_named

__all__ = ["narrowing_tags", "run_search", "tag_groups", "topics_named"]
