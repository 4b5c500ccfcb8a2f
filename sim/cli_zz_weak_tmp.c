/* TEMPORARY: weak placeholders until cli_contingency.c and cli_export.c land. */
#include <stdio.h>
#include "cli.h"
__attribute__((weak)) int cli_contingency(int argc, char **argv) { (void)argc; (void)argv; fputs("not yet\n", stderr); return 1; }
__attribute__((weak)) int cli_export(int argc, char **argv) { (void)argc; (void)argv; fputs("not yet\n", stderr); return 1; }
