from django.dispatch import Signal

# Sent after a bulk change that bypasses save() (publish, unpublish), so caches
# and anything else that follows the content can catch up.
articles_changed_in_bulk = Signal()
