/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-libvirt"

#include "config.h"

#include <libxml/parser.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "pit-error.h"
#include "pit-libvirt-error.h"

static void
silent_error_cb (void        *user_data,
                 virErrorPtr  error)
{
  /* libvirt prints every error to stderr by default; we report them ourselves */
}

static void
silent_xml_error_cb (void       *user_data,
                     const char *msg,
                     ...)
{
  /* libxml2 (inside libvirt too) prints parse warnings to stderr */
}

/**
 * pit_libvirt_error_init:
 * Stops libvirt from printing errors on stderr; call once at start-up.
 */
void
pit_libvirt_error_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      virInitialize ();
      virSetErrorFunc (NULL, silent_error_cb);
      xmlSetGenericErrorFunc (NULL, silent_xml_error_cb);
      xmlThrDefSetGenericErrorFunc (NULL, silent_xml_error_cb);
      g_once_init_leave (&initialized, 1);
    }
}

/**
 * pit_set_error_from_libvirt:
 * @what: what failed, already translated ("Could not read the VM")
 * Sets @error from the calling thread's last libvirt error.
 */
void
pit_set_error_from_libvirt (GError     **error,
                            const char  *what)
{
  virErrorPtr err = virGetLastError ();
  int code = PIT_ERROR_LIBVIRT;

  if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
    code = PIT_ERROR_NOT_FOUND;

  if (err != NULL && err->message != NULL)
    g_set_error (error, PIT_ERROR, code, "%s: %s", what, err->message);
  else
    g_set_error_literal (error, PIT_ERROR, code, what);
}

gboolean
pit_libvirt_error_is_no_domain (void)
{
  virErrorPtr err = virGetLastError ();

  return err != NULL && err->code == VIR_ERR_NO_DOMAIN;
}
