/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-tune"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pit-change-evdev.h"
#include "pit-error.h"
#include "pit-xml.h"

#define BY_ID "/dev/input/by-id/"

/* libvirt's grabToggle values (domaincommon.rng) */
static const char * const toggle_ids[PIT_GRAB_TOGGLE_N] = {
  "ctrl-ctrl", "alt-alt", "shift-shift", "meta-meta", "scrolllock", "ctrl-scrolllock",
};

const char *
pit_grab_toggle_to_id (PitGrabToggle toggle)
{
  g_return_val_if_fail (toggle < PIT_GRAB_TOGGLE_N, NULL);
  return toggle_ids[toggle];
}

const char *
pit_grab_toggle_to_string (PitGrabToggle toggle)
{
  switch (toggle)
    {
    case PIT_GRAB_TOGGLE_ALT_ALT:
      return _("both Alt keys");
    case PIT_GRAB_TOGGLE_SHIFT_SHIFT:
      return _("both Shift keys");
    case PIT_GRAB_TOGGLE_META_META:
      return _("both Super keys");
    case PIT_GRAB_TOGGLE_SCROLLLOCK:
      return _("Scroll Lock");
    case PIT_GRAB_TOGGLE_CTRL_SCROLLLOCK:
      return _("Ctrl and Scroll Lock");
    case PIT_GRAB_TOGGLE_CTRL_CTRL:
    case PIT_GRAB_TOGGLE_N:
    default:
      return _("both Ctrl keys");
    }
}

gboolean
pit_grab_toggle_from_string (const char     *text,
                             PitGrabToggle  *toggle,
                             GError        **error)
{
  for (guint i = 0; text != NULL && i < PIT_GRAB_TOGGLE_N; i++)
    if (g_ascii_strcasecmp (text, toggle_ids[i]) == 0)
      {
        *toggle = (PitGrabToggle) i;
        return TRUE;
      }
  g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
               _("Unknown grab toggle “%s”; choose ctrl-ctrl (both Ctrl keys), alt-alt, shift-shift, "
                 "meta-meta, scrolllock or ctrl-scrolllock"), text != NULL ? text : "");
  return FALSE;
}

/* "/dev/input/by-id/<name>" for a by-id name or path; NULL for anything
 * else (another folder, "..", a slash inside the name) */
static char *
by_id_path (const char *id)
{
  const char *name = g_str_has_prefix (id, BY_ID) ? id + strlen (BY_ID) : id;

  if (*name == '\0' || strchr (name, '/') != NULL || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return NULL;
  for (const char *p = name; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      return NULL;
  return g_strconcat (BY_ID, name, NULL);
}

static char *
check_device (PitTuneContext    *context,
              const char        *id,
              PitHostInputKind   kind,
              GError           **error)
{
  g_autofree char *path = by_id_path (id);
  PitHostInputDevice *device;

  if (path == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a device of /dev/input/by-id (for example usb-Logitech_USB_Keyboard-event-kbd)"),
                   id);
      return NULL;
    }
  if (context->host == NULL || pit_host_inventory_get_input_devices (context->host)->len == 0)
    return g_steal_pointer (&path);

  device = pit_host_inventory_find_input_device (context->host, path);
  if (device == NULL)
    {
      g_set_error (error, PIT_ERROR, PIT_ERROR_NOT_FOUND, _("The host has no keyboard or mouse %s"), path);
      return NULL;
    }
  if (device->kind != kind)
    pit_tune_context_warn (context, kind == PIT_HOST_INPUT_KEYBOARD
                                    ? _("%s is a mouse, given as the keyboard")
                                    : _("%s is a keyboard, given as the mouse"), device->id);
  return g_steal_pointer (&path);
}

static xmlNode *
find_evdev (xmlNode    *root,
            const char *path)
{
  g_autoptr(GPtrArray) nodes = pit_xml_find_nodes (root, "devices/input[@type='evdev']");

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *dev = pit_xml_get_string (g_ptr_array_index (nodes, i), "source/@dev");

      if (g_strcmp0 (dev, path) == 0)
        return g_ptr_array_index (nodes, i);
    }
  return NULL;
}

static void
set_prop_if_needed (xmlNode    *node,
                    const char *name,
                    const char *value)
{
  g_autofree char *current = pit_xml_get_prop (node, name);

  if (g_strcmp0 (current, value) != 0)
    pit_xml_set_prop (node, name, value);
}

static void
add_evdev (PitTuneContext *context,
           const char     *path,
           gboolean        keyboard,
           PitGrabToggle   toggle)
{
  xmlNode *input = find_evdev (context->root, path);
  xmlNode *source;

  if (input == NULL)
    {
      input = pit_xml_insert_child (pit_tune_context_get_devices (context), "input", NULL);
      pit_xml_set_prop (input, "type", "evdev");
    }
  source = pit_xml_ensure_child (input, "source", (const char * const[]) { NULL });
  set_prop_if_needed (source, "dev", path);
  if (keyboard)
    {
      set_prop_if_needed (source, "grab", "all");
      set_prop_if_needed (source, "grabToggle", pit_grab_toggle_to_id (toggle));
      set_prop_if_needed (source, "repeat", "on");
    }
}

/* Only one evdev device may grab all the others (libvirt refuses two): the
 * keyboard does; a grab on another device is taken off. */
static void
single_grab (PitTuneContext *context,
             const char     *keyboard)
{
  g_autoptr(GPtrArray) sources = pit_xml_find_nodes (context->root, "devices/input[@type='evdev']/source[@grab]");

  for (guint i = 0; i < sources->len; i++)
    {
      xmlNode *source = g_ptr_array_index (sources, i);
      g_autofree char *dev = pit_xml_get_prop (source, "dev");

      if (g_strcmp0 (dev, keyboard) != 0)
        {
          pit_xml_unset_prop (source, "grab");
          pit_xml_unset_prop (source, "grabToggle");
        }
    }
}

static void
add_virtio_input (PitTuneContext *context,
                  const char     *type)
{
  g_autofree char *xpath = g_strdup_printf ("devices/input[@type='%s'][@bus='virtio']", type);
  g_autoptr(GPtrArray) existing = pit_xml_find_nodes (context->root, xpath);
  xmlNode *input;

  if (existing->len > 0)
    return;
  input = pit_xml_insert_child (pit_tune_context_get_devices (context), "input", NULL);
  pit_xml_set_prop (input, "type", type);
  pit_xml_set_prop (input, "bus", "virtio");
}

static gboolean
pit_change_evdev_apply (PitTuneContext               *context,
                        const PitChangeEvdevOptions  *options,
                        GError                      **error)
{
  g_autofree char *keyboard = NULL;
  g_autofree char *mouse = NULL;

  if (options->keyboard == NULL && options->mouse == NULL && !options->virtio_inputs)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("Choose a keyboard or a mouse of the host to hand to the guest"));
      return FALSE;
    }
  if ((guint) options->grab_toggle >= PIT_GRAB_TOGGLE_N)
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT, _("Unknown grab toggle"));
      return FALSE;
    }
  if (!pit_tune_context_require_x86 (context, _("Keyboard and mouse by evdev"), error))
    return FALSE;
  if (options->keyboard != NULL
      && (keyboard = check_device (context, options->keyboard, PIT_HOST_INPUT_KEYBOARD, error)) == NULL)
    return FALSE;
  if (options->mouse != NULL
      && (mouse = check_device (context, options->mouse, PIT_HOST_INPUT_MOUSE, error)) == NULL)
    return FALSE;
  if (keyboard != NULL && mouse != NULL && g_str_equal (keyboard, mouse))
    {
      g_set_error_literal (error, PIT_ERROR, PIT_ERROR_INVALID_ARGUMENT,
                           _("The keyboard and the mouse are the same device"));
      return FALSE;
    }

  if (keyboard != NULL)
    {
      single_grab (context, keyboard);
      add_evdev (context, keyboard, TRUE, options->grab_toggle);
    }
  if (mouse != NULL)
    add_evdev (context, mouse, FALSE, options->grab_toggle);
  if (options->virtio_inputs)
    {
      add_virtio_input (context, "keyboard");
      add_virtio_input (context, "mouse");
    }
  return TRUE;
}

static void
pit_change_evdev_describe (const PitChangeEvdevOptions *options,
                           GPtrArray                   *sentences)
{
  /* (with nothing chosen the change refuses; it still says what it is) */
  if (options->keyboard != NULL || options->mouse != NULL || !options->virtio_inputs)
    /* TRANSLATORS: the last %s is a key combination such as “both Ctrl keys” */
    g_ptr_array_add (sentences,
                     g_strdup_printf (_("Hand the host’s keyboard and mouse to the guest by evdev; %s switch "
                                        "them between host and guest"),
                                      pit_grab_toggle_to_string (options->grab_toggle)));
  if (options->virtio_inputs)
    g_ptr_array_add (sentences, g_strdup (_("Add a virtio keyboard and mouse")));
}

PIT_DEFINE_TUNE_CHANGE (PitChangeEvdev, pit_change_evdev, "evdev",
                        .owned = PIT_TUNE_OWNED (PIT_TUNE_STRING (PitChangeEvdevOptions, keyboard), PIT_TUNE_STRING (PitChangeEvdevOptions, mouse)))
