"""Outreach e-mail: the lawful way to send a creator a paid-collaboration pitch.

One module a job:
- domain: templates, consent records, do-not-contact entries, the outbox; the legal rules
  (`(광고)` subject, quiet hours 21:00-08:00 Seoul, two-year consent reconfirmation);
- repository: their items in the matches table (the key design is in its docstring);
- address_hmac: keyed HMACs of addresses (CONSOLE_CONTACT_HMAC_KEYS) for the list;
- templating, consent, do_not_contact: the services behind the admin pages;
- sending: preview, send once, queue for 08:00, bulk, resolve an unknown outcome;
- mail: one message through Django's e-mail framework, with its RFC 8058 headers;
- tokens, opt_out, public_views: the signed opt-out link and its public pages.

Hooks for the workflow pages: `match_send_outreach(match_id=, template_id=, actor=,
expected_version=)` (kind="follow-up" for a follow-up), `match_send_outreach_bulk`, and
the pages `admin:matches_match_outreach` / `admin:matches_match_send_follow_up` (match id).
"""

from matches.outreach.sending import (
    Outcome,
    SendResult,
    match_send_outreach,
    match_send_outreach_bulk,
    outreach_preview,
    send_outreach_queue,
)

__all__ = [
    "Outcome",
    "SendResult",
    "match_send_outreach",
    "match_send_outreach_bulk",
    "outreach_preview",
    "send_outreach_queue",
]
