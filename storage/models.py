"""Import every model module so ``Base.metadata`` is complete (Alembic env, schema tests).

Add your feature's model module here when you add a migration.
"""

from storage import audit, buttons, complaints, questionnaires, sealed, users
from storage.base import Base

__all__ = ["Base", "audit", "buttons", "complaints", "questionnaires", "sealed", "users"]
