"""Mistakes and suggestions readers send about a page: a moderated queue, never shown publicly."""

from django.conf import settings
from django.db import models

MAX_MESSAGE_CHARS = 2000


class ReaderReportQuerySet(models.QuerySet):
    def awaiting_moderation(self):
        return self.filter(status=ReaderReport.Status.NEW)


class ReaderReport(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    page = models.CharField(max_length=300, help_text="The path of the page the report is about.")
    page_title = models.CharField(max_length=200)
    section = models.CharField(max_length=50, help_text="The section's anchor on that page.")
    section_heading = models.CharField(max_length=200)
    message = models.TextField(max_length=MAX_MESSAGE_CHARS)
    email = models.EmailField(blank=True, help_text="Optional: where the reader wants an answer.")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    moderator_note = models.TextField(blank=True, max_length=2000)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    objects = ReaderReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "reader report"
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.page_title}: {self.section_heading} ({self.get_status_display().lower()})"

    def get_page_url(self):
        """The page, at the section the report is about."""
        return self.page if self.section == "other" else f"{self.page}#{self.section}"
