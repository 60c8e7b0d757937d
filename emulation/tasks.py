from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation

from .locks import periodic_once
from .models import Notification
from .text import full_name


@shared_task(name="emulation.send_notification_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids):
    with translation.override(settings.LANGUAGE_CODE):
        for n in Notification.objects.filter(pk__in=notification_ids).select_related("recipient"):
            if not n.recipient.email:
                continue
            # the greeting names the recipient family name first ("Kính gửi Phạm Thị Lan,")
            body = translation.gettext("Dear %(name)s,") % {"name": full_name(n.recipient)} + "\n\n" + n.message
            if n.url:
                body += "\n\n" + settings.SITE_URL.rstrip("/") + n.url
            send_mail(
                subject=translation.gettext("[Emulation and commendation] %(message)s") % {"message": n.message[:80]},
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[n.recipient.email],
            )


@shared_task(name="emulation.send_deadline_reminders")
@periodic_once("deadline-reminders")  # once per interval even with a beat on two hosts (emulation.locks)
def send_deadline_reminders():
    # inline: reminders imports notifications, which imports this module's e-mail task
    from .reminders import send_due_reminders  # noqa: PLC0415

    with translation.override(settings.LANGUAGE_CODE):  # reminders are written in the users' language
        return send_due_reminders()


# The job machinery's beat task lives in emulation.jobs.tasks; importing it here registers it with Celery.
from emulation.jobs.tasks import sweep as sweep_jobs  # noqa: E402, F401
