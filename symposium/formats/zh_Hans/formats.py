# "2019年7月5日"; within a year, "7月5日".
DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
SHORT_DATE_FORMAT = "Y年n月j日"
# An event's days within one year: "2019年7月5日至7月7日".
RANGE_START_SAME_YEAR_FORMAT = "Y年n月j日"
RANGE_END_SAME_YEAR_FORMAT = "n月j日"
