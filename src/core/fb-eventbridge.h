/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-eventbridge.h: EventBridge PutEvents with one entry (PROTOCOLS.md §4). */
#pragma once

#include "fb-aws-json-client.h"

G_BEGIN_DECLS

#define FB_EVENTBRIDGE_DEFAULT_BUS "feedmyfurbabies"

/* The default endpoint of EventBridge in @region, after the overrides of PROTOCOLS.md §2
   (AWS_ENDPOINT_URL_EVENTBRIDGE, AWS_ENDPOINT_URL, a profile's endpoint_url). */
char *fb_eventbridge_resolve_endpoint (const char           *region,
                                       const char           *profile,
                                       GError              **error);
/* Puts one event; on success the EventId. A FailedEntryCount > 0 or an entry with an ErrorCode is
   an FB_AWS_ERROR with the entry's ErrorCode and ErrorMessage in words. */
void  fb_eventbridge_put_event_async  (FbAwsJsonClient      *client,
                                       const char           *bus,
                                       const char           *source,
                                       const char           *detail_type,
                                       const char           *detail,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
char *fb_eventbridge_put_event_finish (FbAwsJsonClient      *client,
                                       GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
