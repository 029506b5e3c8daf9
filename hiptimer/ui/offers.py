"""The offers to move up, as the app keeps them: read from the history off the event loop,
shown on home and the done screen, asked about, and saved on a yes."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from hiptimer.ui.screens.home import HomeScreen
from hiptimer.ui.screens.offered import OfferScreen

if TYPE_CHECKING:
    from textual.worker import Worker

    from hiptimer.core.progression import ExerciseSession, Suggestion
    from hiptimer.ui.app import HipTimerApp


class OfferKeeper:
    """The app's offers to move up.

    Args:
        app: The app: its history and settings ports, its settings, its screens.
    """

    def __init__(self, app: HipTimerApp) -> None:
        self.app = app
        self.attempts: tuple[ExerciseSession, ...] = ()
        """Each exercise's recent attempts as last read: the offers come from these and the
        settings."""

    def load(self) -> Worker[None]:
        """Read the attempts in a thread (the history may be busy), then show the offers.

        Returns:
            The worker that reads them.
        """
        # The function, not a coroutine: see WeekKeeper.load.
        return self.app.run_worker(self._load, group="offers", exclusive=True)

    async def _load(self) -> None:
        attempts = await asyncio.to_thread(self.app.history.attempts)
        if attempts is not None:
            self.attempts = tuple(attempts)
        self.show()

    def current(self) -> tuple[Suggestion, ...]:
        """The offers the attempts earn that the settings do not reach yet (built-in exercises
        only: a routine file sets its own doses)."""
        from hiptimer.core.catalog import EXERCISES
        from hiptimer.core.progression import current_doses, suggest_all

        settings = self.app.settings
        return suggest_all(EXERCISES, self.attempts, current_doses(settings, EXERCISES))

    def show(self) -> None:
        """Show the offers on home and the done screen."""
        offers = self.current()
        for screen in self.app.screen_stack:
            if isinstance(screen, OfferScreen):
                screen.show_offers(offers)

    def ask(self, offer: Suggestion) -> None:
        """Ask whether to take ``offer`` (the yes/no dialog, naming the change); nothing
        changes without a yes."""
        from hiptimer.core.offers import detail, question
        from hiptimer.ui.screens.ask import AskScreen
        from hiptimer.ui.stylesheets import with_stylesheet

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.run_worker(self.take(offer), group="save")

        where = self.app.store.where
        ask = AskScreen(question(offer), yes="Move up", no="Not yet", detail=detail(offer, where))
        self.app.push_screen(with_stylesheet(self.app, ask), answered)

    async def take(self, offer: Suggestion) -> None:
        """Save the offer's level and dose, and run it from the next workout on."""
        from hiptimer.core.offers import accept, target

        app = self.app
        old = app.settings
        new = accept(old, offer)
        problem = await app.store.save(new, old)
        # The user said yes: the next workout runs it, saved or (when it could not be) not.
        app.settings = new
        for screen in app.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.use_settings(new, app.overrides)
        self.show()
        if problem:
            app.notify_plain(f"Moved up for this run only. {problem}")
        else:
            app.notify(f"{offer.exercise}: moved up to {target(offer)}.", markup=False)
