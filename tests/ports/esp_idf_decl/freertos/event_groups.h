/* freertos/event_groups.h - ESP-IDF components/freertos (v5.0). */
#ifndef DTLS_DECL_FREERTOS_EVENT_GROUPS_H
#define DTLS_DECL_FREERTOS_EVENT_GROUPS_H
#include "freertos/FreeRTOS.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef struct EventGroupDef_t *EventGroupHandle_t; /* event_groups.h */
typedef TickType_t EventBits_t;                     /* event_groups.h */
EventGroupHandle_t xEventGroupCreate(void);         /* event_groups.h */
EventBits_t xEventGroupSetBits(EventGroupHandle_t xEventGroup, const EventBits_t uxBitsToSet); /* event_groups.h */
EventBits_t xEventGroupWaitBits(EventGroupHandle_t xEventGroup, const EventBits_t uxBitsToWaitFor,
                                const BaseType_t xClearOnExit, const BaseType_t xWaitForAllBits,
                                TickType_t xTicksToWait); /* event_groups.h */
#ifdef __cplusplus
}
#endif
#endif
