class DomainError(Exception):
    """A rule of the domain refused a change. The message is translated and safe to show."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self):
        return str(self.message)
