/* freertos/task.h - ESP-IDF components/freertos (v5.0): xTaskCreate (an
 * inline wrapper over xTaskCreatePinnedToCore there; ESP-IDF's stack depth
 * is in bytes), vTaskDelete, uxTaskGetStackHighWaterMark (bytes in ESP-IDF). */
#ifndef DTLS_DECL_FREERTOS_TASK_H
#define DTLS_DECL_FREERTOS_TASK_H
#include "freertos/FreeRTOS.h"
#ifdef __cplusplus
extern "C" {
#endif
typedef struct tskTaskControlBlock *TaskHandle_t; /* task.h */
typedef void (*TaskFunction_t)(void *);           /* projdefs.h */
BaseType_t xTaskCreate(TaskFunction_t pvTaskCode, const char *const pcName, const uint32_t usStackDepth,
                       void *const pvParameters, UBaseType_t uxPriority, TaskHandle_t *const pvCreatedTask); /* task.h */
void vTaskDelete(TaskHandle_t xTaskToDelete);                /* task.h */
UBaseType_t uxTaskGetStackHighWaterMark(TaskHandle_t xTask); /* task.h */
#ifdef __cplusplus
}
#endif
#endif
