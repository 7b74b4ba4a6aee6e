"""Configuration that matters, kept in the database (UI state lives in QSettings)."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamped


class Setting(Timestamped, Base):
    """One named value, stored as JSON text; desktop/services/settings.py types them."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
