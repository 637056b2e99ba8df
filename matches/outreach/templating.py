"""Outreach templates: admins write them, every send renders one.

A template's subject and body use `{{ field }}` merge fields (domain.MERGE_FIELDS); an
unknown field is refused when saving. Rendering always puts `(광고)` in front of the
subject and adds the footer the law asks for (the sender's name and contact, and a free
opt-out link), in the template's language, so no template can leave them out.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from creators.domain import has_control_characters
from matches.outreach.domain import (
    MAX_BODY_LENGTH,
    MAX_NAME_LENGTH,
    MAX_OFFER_LENGTH,
    MAX_SUBJECT_LENGTH,
    Language,
    OutreachError,
    OutreachTemplate,
    advertising_subject,
    merge,
    unknown_merge_fields,
)
from matches.outreach.repository import TemplateRepository


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str


def outreach_template_list() -> list[OutreachTemplate]:
    """Every template, Korean ones first, then by name (a console has a handful)."""
    templates = TemplateRepository().every(limit=200).items
    return sorted(templates, key=lambda t: (t.language != Language.KO, t.name))


def outreach_template(template_id: str) -> OutreachTemplate | None:
    return TemplateRepository().find(str(template_id))


def outreach_template_save(
    *,
    template_id: str | None,
    name: str,
    language: Language | str,
    subject: str,
    body: str,
    actor: str,
    expected_version: int | None = None,
) -> OutreachTemplate:
    """Create a template (no id) or change one, if it still has `expected_version`."""
    fields = validated_template_fields(name=name, language=language, subject=subject, body=body)
    repository = TemplateRepository()
    if template_id is None:
        return repository.create(
            OutreachTemplate(template_id=str(uuid.uuid4()), **fields), actor=actor
        )
    current = repository.find(str(template_id))
    if current is None:
        raise OutreachError(_("There is no such template."))
    return repository.put(
        current.model_copy(update=fields),
        expected_version=current.version if expected_version is None else expected_version,
        actor=actor,
    )


def validated_template_fields(*, name, language, subject, body) -> dict:
    """The template's fields, cleaned; OutreachError on the first problem."""
    name, subject, body = (name or "").strip(), (subject or "").strip(), (body or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise OutreachError(
            _("Give the template a name of up to %(n)d characters.") % {"n": MAX_NAME_LENGTH}
        )
    if not subject or len(subject) > MAX_SUBJECT_LENGTH or has_control_characters(subject):
        raise OutreachError(
            _("The subject must be one line of up to %(n)d characters.") % {"n": MAX_SUBJECT_LENGTH}
        )
    if not body or len(body) > MAX_BODY_LENGTH:
        raise OutreachError(_("The body must hold 1 to %(n)d characters.") % {"n": MAX_BODY_LENGTH})
    unknown = unknown_merge_fields(subject + "\n" + body)
    if unknown:
        raise OutreachError(
            _("Unknown merge fields: %(fields)s.")
            % {"fields": ", ".join(f"{{{{ {field} }}}}" for field in unknown)}
        )
    try:
        language = Language(language)
    except ValueError:
        raise OutreachError(_("Choose Korean or English.")) from None
    return {"name": name, "language": language, "subject": subject, "body": body}


def validated_offer(offer: str) -> str:
    offer = (offer or "").strip()
    if len(offer) > MAX_OFFER_LENGTH:
        raise OutreachError(
            _("The offer is longer than %(n)d characters.") % {"n": MAX_OFFER_LENGTH}
        )
    return offer


def render(
    template: OutreachTemplate, *, values: dict[str, str], opt_out_url: str
) -> RenderedMessage:
    """The message a send would put in the mail: merged, `(광고)` subject, legal footer."""
    one_line = {name: " ".join(str(value).split()) for name, value in values.items()}
    subject = advertising_subject(merge(template.subject, one_line))
    body = merge(template.body, {k: str(v) for k, v in values.items()}).rstrip()
    with translation.override(template.language.value):
        footer = "\n".join(
            [
                "",
                "--",
                _("Sender: %(company)s (%(name)s)")
                % {"company": settings.OUTREACH_SENDER_NAME, "name": values["sender_name"]},
                _("Contact: %(contact)s") % {"contact": settings.OUTREACH_SENDER_CONTACT},
                _(
                    "You receive this advertising e-mail because of the consent recorded "
                    "with us. To stop receiving it, free of charge, open this link:"
                ),
                opt_out_url,
            ]
        )
    return RenderedMessage(subject=subject, body=f"{body}\n{footer}\n")
