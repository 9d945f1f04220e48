"""Words the command-line framework prints through the standard `gettext` (typer's help sections,
and click's own words where the installed typer uses click): marked here so the catalogs carry
them. `i18n.set_language` binds `gettext` to these catalogs."""

from whatsapp_ingest.i18n import N_

FRAMEWORK_WORDS = (
    N_("Arguments"), N_("Options"), N_("Commands"), N_("required"), N_("default: {default}"),
    N_("env var: {var}"), N_("(dynamic)"), N_("Aborted!"), N_("Missing command."), N_("No such command {name!r}."),
    N_("Usage:"), N_("Show this message and exit."), N_("Error: {message}"), N_("Try '{command} {option}' for help."),
    N_("Missing argument"), N_("Missing option"), N_("No such option: {name}"),
)
