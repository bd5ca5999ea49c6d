/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-host-reader.h"

G_BEGIN_DECLS

typedef enum
{
  PIT_HOST_INPUT_KEYBOARD,  /* /dev/input/by-id/…-event-kbd */
  PIT_HOST_INPUT_MOUSE,     /* /dev/input/by-id/…-event-mouse */
} PitHostInputKind;

/* A keyboard or mouse of the host, as udev names it in /dev/input/by-id:
 * the name a guest's <input type='evdev'> takes, and the USB controller and
 * port it is plugged into (from sysfs). */
typedef struct
{
  char *id;              /* "usb-Logitech_USB_Receiver-if01-event-kbd" */
  char *path;            /* "/dev/input/by-id/<id>" */
  PitHostInputKind kind;
  char *event;           /* "event3", or NULL when the link is dangling */
  char *name;            /* the kernel's name: "Logitech USB Receiver", or NULL */
  char *usb_controller;  /* PCI address "0000:00:14.0", or NULL (not USB, unknown) */
  char *usb_port;        /* "1-3", or NULL */
} PitHostInputDevice;

PitHostInputDevice *pit_host_input_device_ref   (PitHostInputDevice *self);
void                pit_host_input_device_unref (PitHostInputDevice *self);
const char         *pit_host_input_kind_to_id   (PitHostInputKind    kind);

/* (element-type PitHostInputDevice): the keyboards and mice of
 * /dev/input/by-id, sorted by id; empty when the folder is missing (a
 * host without udev, a remote host). */
GPtrArray          *pit_host_input_probe        (PitHostReader      *reader);

/* Splits a sysfs device path into the PCI address of its USB controller
 * and its port: ".../0000:00:14.0/usb1/1-3/1-3.2/1-3.2:1.0/…" gives
 * "0000:00:14.0" and "1-3.2".  %FALSE when the path is not on USB. */
gboolean            pit_host_usb_path_split     (const char   *sysfs_path,
                                                 char        **controller,
                                                 char        **port);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostInputDevice, pit_host_input_device_unref)

G_END_DECLS
