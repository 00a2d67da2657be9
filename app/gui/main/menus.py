"""MainMenus: the main window's menu bar and its actions.

Each action calls one public method of the window; the menus hold no
state of their own beyond which items are checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from bimedix.gui.i18n import LANGUAGES
from bimedix.gui.knowledge.panel import open_knowledge_panel
from bimedix.gui.kv_cache_settings import show_kv_cache_dialog
from bimedix.gui.style import TEXT_SIZES

if TYPE_CHECKING:
    from bimedix.gui.main_window import MainWindow

PROMPT_FORMAT_KEYS = ("auto", "mixtral", "gguf", "chatml", "plain")


class MainMenus(QObject):
    """File, Model, Chat, View, Settings and Help."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_chat_action = QAction(window, shortcut=QKeySequence.StandardKey.New)
        self.new_chat_action.triggered.connect(window.start_new_chat)
        self.open_model_action = QAction(window, shortcut=QKeySequence.StandardKey.Open)
        self.open_model_action.triggered.connect(window.open_model_file)
        self.use_embedded_action = QAction(window)
        self.use_embedded_action.triggered.connect(lambda: window.choose_model("smollm2"))
        self.use_gemma_action = QAction(window)
        self.use_gemma_action.triggered.connect(lambda: window.choose_model("gemma3"))
        self.export_action = QAction(window, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.export_action.triggered.connect(window.export_chats)
        self.import_action = QAction(window, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.import_action.triggered.connect(window.import_chats)
        self.knowledge_action = QAction(window, shortcut=QKeySequence("Ctrl+Shift+K"))
        self.knowledge_action.triggered.connect(lambda: open_knowledge_panel(window))
        self.quit_action = QAction(window, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(window.close)
        self.file_menu.addActions(
            [
                self.new_chat_action,
                self.open_model_action,
                self.use_embedded_action,
                self.use_gemma_action,
            ]
        )
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.export_action, self.import_action])
        self.file_menu.addAction(self.knowledge_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.model_menu = bar.addMenu("")
        self.model_manager_action = QAction(window, shortcut=QKeySequence("Ctrl+M"))
        self.model_manager_action.triggered.connect(window.open_model_manager)
        self.model_menu.addAction(self.model_manager_action)
        self.format_menu = self.model_menu.addMenu("")
        self.prompt_format_group = QActionGroup(window)
        for key in PROMPT_FORMAT_KEYS:
            action = QAction(window, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _checked, k=key: window.set_prompt_format(k))
            self.prompt_format_group.addAction(action)
            self.format_menu.addAction(action)
        self.evaluate_action = QAction(window, shortcut=QKeySequence("Ctrl+Shift+E"))
        self.evaluate_action.triggered.connect(window.open_evaluate_window)
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.evaluate_action)
        from bimedix.gui.compare.view import open_compare_window
        from bimedix.gui.replay_dialog import open_replay_dialog

        self.compare_action = QAction(window)
        self.compare_action.triggered.connect(lambda: open_compare_window(window))
        self.replay_action = QAction(window)
        self.replay_action.triggered.connect(lambda: open_replay_dialog(window))
        self.model_menu.addActions([self.compare_action, self.replay_action])

        self.chat_menu = bar.addMenu("")
        self.stop_action = QAction(window, shortcut=QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.triggered.connect(window.stop)
        self.regenerate_action = QAction(window, shortcut=QKeySequence("Ctrl+R"))
        self.regenerate_action.triggered.connect(window.regenerate)
        self.edit_action = QAction(window, shortcut=QKeySequence("Ctrl+E"))
        self.edit_action.triggered.connect(window.edit_last_message)
        self.chat_menu.addActions([self.stop_action, self.regenerate_action, self.edit_action])

        self.view_menu = bar.addMenu("")
        # Each language is named in itself, so it can be found from either.
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(window)
        for code, name in LANGUAGES.items():
            action = QAction(name, window, checkable=True)
            action.setData(code)
            action.setChecked(code == window.settings.ui_language)
            action.triggered.connect(lambda _checked, c=code: window.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
        self.text_size_menu = self.view_menu.addMenu("")
        self.text_size_group = QActionGroup(window)
        for key in TEXT_SIZES:
            action = QAction(window, checkable=True)
            action.setData(key)
            action.setChecked(key == window.settings.text_size)
            action.triggered.connect(lambda _checked, k=key: window.set_text_size(k))
            self.text_size_group.addAction(action)
            self.text_size_menu.addAction(action)

        self.settings_menu = bar.addMenu("")
        self.preferences_action = QAction(window, shortcut=QKeySequence("Ctrl+,"))
        self.preferences_action.triggered.connect(window.open_settings)
        self.demo_mode_action = QAction(window)
        self.demo_mode_action.triggered.connect(window.start_demo_mode)
        self.settings_menu.addActions([self.preferences_action, self.demo_mode_action])
        self.kv_cache_action = QAction(window)
        self.kv_cache_action.triggered.connect(lambda: show_kv_cache_dialog(window))
        self.settings_menu.addAction(self.kv_cache_action)

        self.help_menu = bar.addMenu("")
        self.about_action = QAction(window)
        self.about_action.triggered.connect(window.show_about)
        self.help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        """Set every menu and action text in the current language."""
        self.file_menu.setTitle(self.tr("&File"))
        self.new_chat_action.setText(self.tr("&New chat"))
        self.open_model_action.setText(self.tr("&Open model…"))
        self.use_embedded_action.setText(self.tr("Use the embedded model (SmolLM2-135M)"))
        self.use_gemma_action.setText(self.tr("Use Gemma 3 270M (multilingual base model)"))
        self.export_action.setText(self.tr("&Export…"))
        self.import_action.setText(self.tr("&Import…"))
        self.knowledge_action.setText(self.tr("&Knowledge (your documents)…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.model_manager_action.setText(self.tr("Model &manager…"))
        self.format_menu.setTitle(self.tr("Prompt format"))
        self.evaluate_action.setText(self.tr("&Evaluate on medical benchmarks…"))
        self.compare_action.setText(self.tr("&Compare side by side…"))
        self.replay_action.setText(self.tr("&Replay a question set…"))
        format_names = {
            "auto": self.tr("Automatic"),
            "mixtral": self.tr("Mixtral / BiMediX [INST]"),
            "gguf": self.tr("The model's own chat template"),
            "chatml": self.tr("ChatML"),
            "plain": self.tr("Plain User/Assistant transcript"),
        }
        for action in self.prompt_format_group.actions():
            action.setText(format_names[action.data()])
        self.chat_menu.setTitle(self.tr("&Chat"))
        self.stop_action.setText(self.tr("&Stop"))
        self.regenerate_action.setText(self.tr("&Regenerate"))
        self.edit_action.setText(self.tr("&Edit last message"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("Language · اللغة"))
        self.text_size_menu.setTitle(self.tr("Text size"))
        size_names = {
            "normal": self.tr("Normal"),
            "large": self.tr("Large"),
            "very_large": self.tr("Very large"),
        }
        for action in self.text_size_group.actions():
            action.setText(size_names[action.data()])
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.preferences_action.setText(self.tr("&Preferences…"))
        self.demo_mode_action.setText(self.tr("&Demo mode (kiosk)…"))
        self.kv_cache_action.setText(self.tr("Model &cache…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About BiMediX Desktop"))

    def check_language(self, language: str) -> None:
        for action in self.language_group.actions():
            action.setChecked(action.data() == language)

    def check_text_size(self, key: str) -> None:
        for action in self.text_size_group.actions():
            action.setChecked(action.data() == key)

    def check_prompt_format(self, key: str) -> None:
        for action in self.prompt_format_group.actions():
            action.setChecked(action.data() == key)
