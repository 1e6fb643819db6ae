"""Complaint domain: the record, its validators, receipt codes and the service layer.

Pure logic lives in :mod:`complaints.model`, :mod:`complaints.validators` and
:mod:`complaints.receipt`; :mod:`complaints.service` persists through :mod:`storage`.
Nothing here imports Rasa.
"""
