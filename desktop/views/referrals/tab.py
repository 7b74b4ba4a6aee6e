"""The Anvisningar tab of a person's or an employer's screen: the referrals panel, built
when the tab is first shown, or a note of what the tab will hold when the screen was
opened without the referral service."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.views.lazy_page import LazyPage
from desktop.views.placeholder import ComingLaterView
from desktop.views.referrals.panel import ReferralsPanel


class ReferralsTab:
    def __init__(
        self, build: Callable[[], ReferralsPanel] | None, purpose: str, object_name: str
    ) -> None:
        self.lazy: LazyPage[ReferralsPanel] | None = None
        if build is None:
            self.page: QWidget = ComingLaterView(
                QCoreApplication.translate("ReferralsTab", "Anvisningar"), purpose
            )
            self.page.setObjectName(object_name)
        else:
            self.lazy = LazyPage(build)
            self.page = self.lazy

    def shown(self) -> QWidget:
        """The referrals panel (built now if need be), or the note."""
        return self.page if self.lazy is None else self.lazy.content()

    def panel(self) -> ReferralsPanel:
        assert self.lazy is not None, "opened without the referral service"
        return self.lazy.content()

    def reload(self) -> None:
        """Read the referrals again, if the panel has been built (else it reads them when
        it is)."""
        if self.lazy is not None and self.lazy.built:
            self.lazy.content().reload()
