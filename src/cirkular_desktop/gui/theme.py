"""The app's colours and type: a light and a dark theme, the Qt palette, and the style sheet built from them.

Every colour the app draws text or a background with is named here, once per
theme, so the pairs a person reads (text on its background) can be checked
for contrast — at least 4.5:1, WCAG AA for normal text — by
``tests/gui/test_accessibility.py``, and so dark mode is a second set of the
same names rather than a second set of widgets. Widgets do not hard-code a
colour: they take one from ``color()`` or carry an object name or a
``kind`` property that the style sheet colours.

The theme follows the system: dark when the desktop says its colour scheme
is dark (Qt 6.5+), and it is re-applied when that changes. Font sizes in the
style sheet are multiples of the application font, so a person who made the
system's text larger gets larger headings too.

Imports: PySide6 only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette

LIGHT: dict[str, str] = {
    "window": "#f2f4f3", "text": "#1d2b25", "base": "#ffffff", "alternate": "#f6f9f7",
    "muted": "#4b5952",          # hints, captions, counts: secondary text on window, base or alternate
    "placeholder": "#5d6a64",    # an empty field's example text
    "border": "#c3cec8", "border_light": "#dde5e0",
    "button": "#e9eeeb", "button_text": "#1d2b25",
    "accent": "#1f6f54", "on_accent": "#ffffff", "accent_border": "#175a44",
    "accent_disabled": "#9fbcb0",
    "accent_text": "#1a5c45",    # green text: tonnes per year, the app's title
    "selection": "#cfe5d8", "on_selection": "#0f2b20",
    "sidebar": "#e8efeb", "nav_text": "#1d2b25", "nav_selected": "#c6e0d1", "on_nav_selected": "#0f3d2d",
    "nav_hover": "#dae7e0",
    "header": "#eef2f0", "header_text": "#2a3832",
    "error": "#a8231b", "error_bg": "#fde7e5", "on_error_bg": "#7a1b14",
    "ok_bg": "#e3f4ea", "on_ok_bg": "#1d5c41",
    "warn_bg": "#fff4e0", "on_warn_bg": "#5c3d00", "warn_border": "#c98a00",
    "hazard": "#a8231b", "mirror": "#7f5300",
    "link": "#1a55a0", "tooltip": "#fffbe6", "on_tooltip": "#1d2b25",
    "badge_done": "#1d5c41", "badge_correction": "#7f5300", "badge_draft": "#1f4e8c", "on_badge": "#ffffff",
    "demo": "#8a3b00", "on_demo": "#ffffff",
    "gap_bg": "#fdecea", "new_bg": "#e8f4ee", "updated_bg": "#eef3fb", "deleted_bg": "#efefef",
}

DARK: dict[str, str] = {
    "window": "#1d2320", "text": "#e4ebe7", "base": "#151a18", "alternate": "#1b211e",
    "muted": "#aab8b1", "placeholder": "#9eada6",
    "border": "#3d4843", "border_light": "#2c3531",
    "button": "#2a322e", "button_text": "#e4ebe7",
    "accent": "#1f6f54", "on_accent": "#ffffff", "accent_border": "#2d8a69",
    "accent_disabled": "#2f4a3f",
    "accent_text": "#7fd1ac",
    "selection": "#2c4a3c", "on_selection": "#f1f8f4",
    "sidebar": "#181d1b", "nav_text": "#dfe7e3", "nav_selected": "#2c4a3c", "on_nav_selected": "#f1f8f4",
    "nav_hover": "#242c28",
    "header": "#232a26", "header_text": "#d5dfda",
    "error": "#ff9a90", "error_bg": "#4a1f1c", "on_error_bg": "#ffd9d4",
    "ok_bg": "#1f3a2c", "on_ok_bg": "#c4ecd6",
    "warn_bg": "#43351a", "on_warn_bg": "#ffe4ad", "warn_border": "#c98a00",
    "hazard": "#ff9a90", "mirror": "#f0c468",
    "link": "#8cc4ff", "tooltip": "#2a322e", "on_tooltip": "#e4ebe7",
    "badge_done": "#1d5c41", "badge_correction": "#7f5300", "badge_draft": "#1f4e8c", "on_badge": "#ffffff",
    "demo": "#a34700", "on_demo": "#ffffff",
    "gap_bg": "#4a1f1c", "new_bg": "#1f3a2c", "updated_bg": "#1f2c40", "deleted_bg": "#2a2f2d",
}

# Text colours and the backgrounds each is read on: the contrast test checks every pair in both themes.
READ_ON: dict[str, tuple[str, ...]] = {
    "text": ("window", "base", "alternate", "button", "header", "sidebar", "selection", "gap_bg", "new_bg",
             "updated_bg", "deleted_bg", "tooltip"),
    "muted": ("window", "base", "alternate", "sidebar", "header"),
    "placeholder": ("base",),
    "button_text": ("button",),
    "on_accent": ("accent",),
    "accent_text": ("window", "base", "sidebar"),
    "on_selection": ("selection",),
    "nav_text": ("sidebar", "nav_hover"),
    "on_nav_selected": ("nav_selected",),
    "header_text": ("header",),
    "error": ("window", "base", "alternate"),
    "on_error_bg": ("error_bg",),
    "on_ok_bg": ("ok_bg",),
    "on_warn_bg": ("warn_bg",),
    "hazard": ("base", "alternate", "window"),
    "mirror": ("base", "alternate", "window"),
    "link": ("base", "window"),
    "on_tooltip": ("tooltip",),
    "on_badge": ("badge_done", "badge_correction", "badge_draft"),
    "on_demo": ("demo",),
}

# Sizes relative to the application font (the system's text size).
FONT_SCALE = {"nav": 1.15, "app_title": 1.55, "heading": 1.65, "subheading": 1.2, "caption": 0.95,
              "empty_heading": 1.55, "empty_text": 1.1}

_SHEET = """
QToolTip {{ color: {on_tooltip}; background: {tooltip}; border: 1px solid {border}; padding: 3px; }}
QWidget#sidebar {{ background: {sidebar}; border-right: 1px solid {border_light}; }}
QListWidget#navigation {{ background: transparent; border: none; font-size: {nav}pt; outline: 0; }}
QListWidget#navigation::item {{ padding: 7px 10px; border-radius: 6px; margin: 1px 6px; color: {nav_text}; }}
QListWidget#navigation[compact="true"]::item {{ padding: 5px 8px; margin: 1px 4px; }}
QListWidget#navigation QScrollBar:vertical {{ width: 8px; background: transparent; margin: 0; }}
QListWidget#navigation QScrollBar::handle:vertical {{ background: {border}; border-radius: 4px; min-height: 24px; }}
QListWidget#navigation QScrollBar::add-line:vertical, QListWidget#navigation QScrollBar::sub-line:vertical {{
    height: 0; }}
QListWidget#navigation QScrollBar::add-page:vertical, QListWidget#navigation QScrollBar::sub-page:vertical {{
    background: transparent; }}
QListWidget#navigation::item:selected {{ background: {nav_selected}; color: {on_nav_selected}; }}
QListWidget#navigation::item:hover:!selected {{ background: {nav_hover}; }}
QListWidget#helpTopics::item {{ padding: 4px 6px; }}
QTextBrowser#helpPage {{ padding: 4px 8px; }}
QLabel#appTitle {{ font-size: {app_title}pt; font-weight: 600; color: {accent_text}; padding: 14px 14px 4px 14px; }}
QLabel#appSubtitle {{ color: {muted}; padding: 0 14px 10px 14px; }}
QLabel#heading {{ font-size: {heading}pt; font-weight: 600; color: {text}; }}
QLabel#subheading {{ font-size: {subheading}pt; font-weight: 600; color: {text}; }}
QLabel#countLabel {{ color: {muted}; padding-bottom: 3px; }}
QLabel#fieldError {{ color: {error}; }}
QLabel#fieldHint, QLabel#muted {{ color: {muted}; }}
QLabel#fieldCaption {{ color: {muted}; font-size: {caption}pt; }}
QLabel#emptyHeading {{ font-size: {empty_heading}pt; font-weight: 600; color: {text}; }}
QLabel#emptyText {{ color: {text}; font-size: {empty_text}pt; }}
QLabel[kind="muted"] {{ color: {muted}; }}
QLabel[kind="field_error"] {{ color: {error}; }}
QLabel[kind="accent"] {{ font-weight: bold; color: {accent_text}; }}
QLabel[kind="dropzone"] {{ color: {muted}; border: 2px dashed {border}; border-radius: 6px; padding: 12px; }}
QLabel[kind="ok"] {{ background: {ok_bg}; color: {on_ok_bg}; border-radius: 4px; padding: 6px 10px; }}
QLabel[kind="error"] {{ background: {error_bg}; color: {on_error_bg}; border-radius: 4px; padding: 6px 10px; }}
QLabel[kind="warn"] {{ background: {warn_bg}; color: {on_warn_bg}; border-radius: 4px; padding: 6px; }}
QLabel[kind="badge_done"], QLabel[kind="badge_correction"], QLabel[kind="badge_draft"] {{
    color: {on_badge}; border-radius: 9px; padding: 2px 10px; font-weight: bold; }}
QLabel[kind="badge_done"] {{ background: {badge_done}; }}
QLabel[kind="badge_correction"] {{ background: {badge_correction}; }}
QLabel[kind="badge_draft"] {{ background: {badge_draft}; }}
QFrame#demoBanner {{ background: {demo}; }}
QFrame#demoBanner QLabel {{ color: {on_demo}; font-weight: 600; }}
QTableView {{ border: 1px solid {border_light}; border-radius: 4px; gridline-color: {border_light};
             selection-background-color: {selection}; selection-color: {on_selection};
             alternate-background-color: {alternate}; }}
QHeaderView::section {{ background: {header}; border: none; border-bottom: 1px solid {border_light};
                       padding: 6px 8px; font-weight: 600; color: {header_text}; }}
QPushButton {{ padding: 5px 14px; }}
QPushButton#primaryButton, QPushButton#startVisitButton {{ background: {accent}; color: {on_accent};
    border: 1px solid {accent_border}; border-radius: 4px; padding: 6px 16px; font-weight: 600; }}
QPushButton#primaryButton:disabled, QPushButton#startVisitButton:disabled {{ background: {accent_disabled};
    border-color: {accent_disabled}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"] {{ border: 1px solid {error}; border-radius: 3px; }}
QComboBox[attention="true"] {{ border: 2px solid {warn_border}; }}
QProgressBar {{ border: 1px solid {border}; border-radius: 3px; background: {base}; }}
QProgressBar::chunk {{ background: {accent}; border-radius: 2px; }}
QStatusBar QLabel {{ color: {muted}; padding: 0 8px; }}
"""


def _scheme_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return scheme is not None and scheme() == Qt.ColorScheme.Dark


class _State(QObject):
    changed = Signal()   # the theme was applied again (the system switched between light and dark)


_forced: str | None = None   # "light" / "dark" chosen by a test or a setting; None follows the system
_state: _State | None = None


def name() -> str:
    """``"dark"`` or ``"light"``: what the app draws with now."""
    if _forced in ("light", "dark"):
        return _forced
    return "dark" if QGuiApplication.instance() is not None and _scheme_is_dark() else "light"


def colors(which: str | None = None) -> dict[str, str]:
    return DARK if (which or name()) == "dark" else LIGHT


def color(role: str, which: str | None = None) -> QColor:
    return QColor(colors(which)[role])


def hex_color(role: str) -> str:
    return colors()[role]


def base_point_size() -> float:
    app = QGuiApplication.instance()
    size = QGuiApplication.font().pointSizeF() if isinstance(app, QGuiApplication) else -1.0
    return size if size > 0 else 9.0


def style_sheet(which: str | None = None, base: float | None = None) -> str:
    """The app's style sheet in a theme, sized from the application font."""
    size = base or base_point_size()
    values: dict[str, Any] = dict(colors(which))
    values.update({key: round(size * scale, 1) for key, scale in FONT_SCALE.items()})
    return _SHEET.format(**values)


def palette(which: str | None = None) -> QPalette:
    """Qt's palette in the theme: what standard widgets (fields, lists, selections, tooltips) draw with."""
    c = colors(which)
    p = QPalette()
    roles = QPalette.ColorRole
    pairs = {
        roles.Window: c["window"], roles.WindowText: c["text"], roles.Base: c["base"],
        roles.AlternateBase: c["alternate"], roles.Text: c["text"], roles.Button: c["button"],
        roles.ButtonText: c["button_text"], roles.BrightText: c["on_accent"], roles.Highlight: c["selection"],
        roles.HighlightedText: c["on_selection"], roles.ToolTipBase: c["tooltip"], roles.ToolTipText: c["on_tooltip"],
        roles.Link: c["link"], roles.LinkVisited: c["link"], roles.PlaceholderText: c["placeholder"],
        roles.Mid: c["border"], roles.Midlight: c["border_light"], roles.Dark: c["border"],
        roles.Light: c["base"], roles.Shadow: c["border"],
    }
    for role, value in pairs.items():
        p.setColor(role, QColor(value))
    # Disabled controls are greyed, as every desktop does (WCAG does not ask contrast of inactive controls).
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["placeholder"]))
    p.setColor(QPalette.ColorGroup.Disabled, roles.Highlight, QColor(c["border"]))
    if hasattr(roles, "Accent"):
        p.setColor(roles.Accent, QColor(c["accent"]))
    return p


def apply(app: QGuiApplication | None = None) -> None:
    """Give the application the theme's palette and style sheet; follow the system's colour scheme from now on."""
    global _state
    instance = app or QGuiApplication.instance()
    if not isinstance(instance, QGuiApplication):  # no application yet, or a console one: nothing to paint
        return
    app = instance
    app.setPalette(palette())
    if hasattr(app, "setStyleSheet"):
        app.setStyleSheet(style_sheet())
    if _state is None:
        _state = _State(app)
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda *_args: _reapply())
    _state.changed.emit()


def _reapply() -> None:
    if _forced is None:
        apply()


def force(which: str | None) -> None:
    """Draw in ``"light"`` or ``"dark"`` whatever the system says (tests), or follow it again (None)."""
    global _forced
    _forced = which
    if QGuiApplication.instance() is not None:
        apply()


def changed_signal() -> Any:
    """Emitted after the theme was applied again; widgets that paint with ``color()`` repaint on it."""
    global _state
    if _state is None:
        _state = _State(QGuiApplication.instance())
    return _state.changed


def luminance(value: QColor | str) -> float:
    """Relative luminance (WCAG 2.x)."""
    c = QColor(value)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(foreground: QColor | str, background: QColor | str) -> float:
    """WCAG contrast ratio of two opaque colours, 1 to 21."""
    a, b = luminance(foreground), luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def blend(foreground: QColor, background: QColor) -> QColor:
    """A colour with alpha as it shows over an opaque background."""
    alpha = foreground.alphaF()
    return QColor.fromRgbF(foreground.redF() * alpha + background.redF() * (1 - alpha),
                           foreground.greenF() * alpha + background.greenF() * (1 - alpha),
                           foreground.blueF() * alpha + background.blueF() * (1 - alpha))
