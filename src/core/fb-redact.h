/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-redact.h: strips secrets from what may reach a log. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fb_redact_url (const char *url);

G_END_DECLS
