# "5 July 2019", the newsroom's style (Django's own English is "July 5, 2019").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
# An event's first day when it ends later the same year: "5 July to 7 July 2019".
RANGE_START_SAME_YEAR_FORMAT = "j F"
RANGE_END_SAME_YEAR_FORMAT = "j F Y"
