"""Traps that notice script running in a page where none should.

`Traps(context, base)` arms a Playwright browser context before any page
loads: `alert`, `confirm`, `prompt` and `print` are replaced in every frame
by functions that report the call, as is any Content-Security-Policy
violation (a blocked inline script is a script that got into the page).
Dialogs that still open, new windows and requests leaving the site are
reported too. Every test payload calls one of these functions, so a
payload that runs, by whatever route, is caught.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_TRAP_SCRIPT = """
(() => {
  const report = (what) => window.__briefingTrap(String(what));
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const trap = (...args) => { report(`${name}(${args.map(String).join(", ")})`); };
    Object.defineProperty(window, name, { value: trap, writable: false, configurable: false });
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    report(`CSP blocked ${event.effectiveDirective}: ${event.blockedURI} ${event.sample}`);
  }, true);
})();
"""
# Let tasks a page queued while loading (image errors, focus, toggle events) run.
SETTLE = "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))"


@dataclass
class Traps:
    """What fired, as (page address, what) pairs; empty while all is well."""

    fired: list[tuple[str, str]] = field(default_factory=list)
    #: requests to anywhere but the site, as (resource type, address)
    outside: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def arm(cls, context, base: str) -> Traps:
        traps = cls()
        context.expose_binding("__briefingTrap", lambda source, what: traps.fired.append((source["frame"].url, what)))
        context.add_init_script(_TRAP_SCRIPT)
        context.on("dialog", lambda dialog: traps._dialog(dialog))
        context.on("page", lambda page: traps.fired.append((page.url, "a new window opened")) if page.opener() else None)
        context.on("request", lambda request: traps._request(request, base))
        return traps

    def _dialog(self, dialog) -> None:
        self.fired.append((dialog.page.url if dialog.page else "", f"dialog {dialog.type}: {dialog.message}"))
        dialog.dismiss()

    def _request(self, request, base: str) -> None:
        if not request.url.startswith(base):
            self.outside.append((request.resource_type, request.url))

    def scripts_that_left_the_site(self) -> list[tuple[str, str]]:
        """Requests to other hosts for anything but an image (content may show https images)."""
        return [(kind, url) for kind, url in self.outside if kind != "image"]
