"""What a browser would post back from an admin page's form, read from the page's HTML."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in (attrs.get("name") or ""):
            return
        if tag == "input" and attrs.get("name"):
            self.read_input(attrs)
        elif tag == "textarea" and attrs.get("name"):  # browsers send no nameless field
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self.select = attrs["name"]
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def read_input(self, attrs):
        kind = attrs.get("type", "text")
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.data[attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            # Browsers drop the newline right after <textarea>.
            self.data[self.textarea] += data.removeprefix("\n") if not self.data[self.textarea] else data


def form_data(html, form_id="article_form"):
    reader = FormReader(form_id)
    reader.feed(html)
    return reader.data


def open_change_form(client, article):
    """The article's change form as a person opening it gets it: a dict to change and post back."""
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    return form_data(page.content.decode())


def inline_row(data, prefix, field, value):
    """The index of the inline row whose `field` holds `value` (e.g. the quote with this text)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return next(i for i in range(total) if data.get(f"{prefix}-{i}-{field}") == value)
