"""Dates as each interface language writes them (settings.FORMAT_MODULE_PATH).

Templates name these formats ("DATE_FORMAT", "MONTH_DAY_FORMAT"...) instead of
spelling one out, so "5 July 2019" reads "2019年7月5日" on a Chinese page.
"""
