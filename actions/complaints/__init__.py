"""Complaint intake in chat (a form on the engine of :mod:`actions.forms`) and what follows it.

* :mod:`~actions.complaints.intake` — ``action_complaint_start``, the form's validator and
  questions;
* :mod:`~actions.complaints.submit` — ``action_complaint_submit`` (idempotent; receipt code);
* :mod:`~actions.complaints.attach` — ``action_complaint_attach`` (files sent on Telegram);
* :mod:`~actions.complaints.status` — ``action_complaint_status`` (the author's complaints);
* :mod:`~actions.complaints.privacy` — ``action_delete_my_data`` (after a confirmation).

:mod:`~actions.complaints.draft` holds what they share (slots, user key, database);
:mod:`~actions.complaints.questions` the questions and their readers.
"""
