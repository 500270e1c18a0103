class UnicodeSlugConverter:
    """Like <slug:> but accepting any script's letters: 光刻胶, not only ASCII.

    Registered as <uslug:> in ArticlesConfig.ready().
    """

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
