/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "pitstop-wizard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pit-change-evdev.h"
#include "pit-change-sound.h"
#include "pit-looking-glass-size.h"
#include "pit-ui-resources.h"
#include "pit-wizard-pages.h"
#include "pit-wizard-row-list.h"

/* Page 3: display and input, once the GPU's picture goes to its own ports.
 * Looking Glass (the guest's largest mode → the shared memory in words, the
 * balloon it removes and why, the client command), the host's keyboard and
 * mouse by evdev from /dev/input/by-id with the keys that switch them, the
 * virtio inputs, a USB controller of its own (the host's, with their IOMMU
 * groups and what is plugged in; only clean ones can be chosen), single USB
 * devices, and sound (data/ui/pit-wizard-display-page.ui).  Nothing is
 * chosen until the user chooses it.  The rows from the host's devices carry
 * what they stand for as action targets: display.keyboard, display.mouse
 * and display.usb-controller ("" for none), display.usb-device. */
struct _PitWizardDisplayPage
{
  PitWizardPage parent_instance;

  AdwExpanderRow *lg_row;
  AdwComboRow *resolution_row;
  GtkSwitch *hdr_switch;
  AdwActionRow *size_row;
  AdwActionRow *client_row;
  AdwPreferencesGroup *keyboard_group;
  AdwPreferencesGroup *mouse_group;
  AdwComboRow *toggle_row;
  AdwActionRow *virtio_row;
  GtkSwitch *virtio_switch;
  AdwPreferencesGroup *usb_group;
  AdwPreferencesGroup *usb_devices_group;
  AdwPreferencesGroup *sound_group;
  AdwActionRow *hdmi_row;
  AdwComboRow *sound_row;

  PitWizardRowList *keyboard_rows;
  PitWizardRowList *mouse_rows;
  PitWizardRowList *usb_rows;
  PitWizardRowList *usb_device_rows;
  GPtrArray *checks;            /* GtkCheckButton of every list, each with its action target */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (PitWizardDisplayPage, pit_wizard_display_page, PIT_TYPE_WIZARD_PAGE)

/* the guest's largest mode: the common ones */
static const struct
{
  guint width;
  guint height;
  const char *name;
} resolutions[] = {
  { 1920, 1080, N_("1920 × 1080 (Full HD)") },
  { 2560, 1440, N_("2560 × 1440 (QHD)") },
  { 3440, 1440, N_("3440 × 1440 (ultrawide)") },
  { 3840, 2160, N_("3840 × 2160 (4K)") },
};

/* what the combo row and the switch say, chosen or not */
static PitLookingGlassMode
shown_mode (PitWizardDisplayPage *self)
{
  guint selected = MIN (adw_combo_row_get_selected (self->resolution_row), G_N_ELEMENTS (resolutions) - 1);
  PitLookingGlassMode mode = { resolutions[selected].width, resolutions[selected].height,
                               gtk_switch_get_active (self->hdr_switch) };

  return mode;
}

static void
lg_changed_cb (PitWizardDisplayPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  PitLookingGlassMode mode;

  if (self->updating || state == NULL)
    return;
  mode = shown_mode (self);
  pit_wizard_state_set_looking_glass (state, adw_expander_row_get_enable_expansion (self->lg_row) ? &mode : NULL);
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

static void
toggle_selected_cb (PitWizardDisplayPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (self->toggle_row);

  if (self->updating || state == NULL || selected >= PIT_GRAB_TOGGLE_N)
    return;
  pit_wizard_state_set_grab_toggle (state, selected);
}

static void
virtio_changed_cb (PitWizardDisplayPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));

  if (self->updating || state == NULL)
    return;
  pit_wizard_state_set_virtio_inputs (state, gtk_switch_get_active (self->virtio_switch));
}

static void
sound_selected_cb (PitWizardDisplayPage *self)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (self));
  guint selected = adw_combo_row_get_selected (self->sound_row);

  if (self->updating || state == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  /* the rows: none, pulseaudio, spice */
  pit_wizard_state_set_sound (state, selected == 0 ? -1 : selected == 1 ? PIT_SOUND_PULSEAUDIO : PIT_SOUND_SPICE,
                              pit_wizard_state_get_sound_server (state));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (self));
}

/* an action's target: "" stands for none */
static const char *
target_of (GVariant *parameter)
{
  const char *value = g_variant_get_string (parameter, NULL);

  return *value != '\0' ? value : NULL;
}

static void
keyboard_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (widget));

  if (state == NULL)
    return;
  pit_wizard_state_set_evdev (state, target_of (parameter),
                              pit_wizard_state_get_evdev_mouse (state));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (widget));
}

static void
mouse_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (widget));

  if (state == NULL)
    return;
  pit_wizard_state_set_evdev (state, pit_wizard_state_get_evdev_keyboard (state),
                              target_of (parameter));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (widget));
}

static void
usb_controller_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (widget));

  if (state == NULL)
    return;
  pit_wizard_state_set_usb_controller (state, target_of (parameter));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (widget));
}

static void
usb_device_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PitWizardState *state = pit_wizard_page_get_state (PIT_WIZARD_PAGE (widget));
  const char *ids = g_variant_get_string (parameter, NULL);

  if (state == NULL)
    return;
  pit_wizard_state_set_usb_device (state, ids,
                                   !g_ptr_array_find_with_equal_func (pit_wizard_state_get_usb_devices (state), ids,
                                                                      g_str_equal, NULL));
  pit_wizard_page_refresh (PIT_WIZARD_PAGE (widget));
}

/* a radio (with @group) or a check button as the row's prefix, activating
 * @action with @target */
static GtkWidget *
add_check_row (PitWizardDisplayPage *self,
               PitWizardRowList     *rows,
               GtkCheckButton      **group,
               const char           *title,
               const char           *subtitle,
               const char           *action,
               const char           *target)
{
  GtkWidget *row = pit_wizard_row_list_add (rows, title, subtitle, NULL);
  GtkWidget *check = gtk_check_button_new ();

  if (group != NULL && *group == NULL)
    *group = GTK_CHECK_BUTTON (check);
  else if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), *group);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (check), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (check), "s", target);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_ptr_array_add (self->checks, check);
  return row;
}

/* the checks of one list go with it */
static void
forget_checks (PitWizardDisplayPage *self,
               const char           *action)
{
  for (guint i = self->checks->len; i > 0; i--)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (self->checks, i - 1)), action) == 0)
      g_ptr_array_remove_index (self->checks, i - 1);
}

/* the keyboards (or mice) of /dev/input/by-id: made again only when the
 * host's list differs */
static void
update_inputs (PitWizardDisplayPage *self,
               PitWizardRowList     *rows,
               GPtrArray            *inputs,
               PitHostInputKind      kind,
               const char           *action)
{
  g_autoptr(GString) key = g_string_new (inputs != NULL ? "host" : "no host");
  GtkCheckButton *group = NULL;
  guint n = 0;

  for (guint i = 0; inputs != NULL && i < inputs->len; i++)
    {
      PitHostInputDevice *input = g_ptr_array_index (inputs, i);

      if (input->kind == kind)
        g_string_append_printf (key, "\n%s\t%s\t%s", input->id, input->name, input->usb_port);
    }
  if (!pit_wizard_row_list_update (rows, key->str))
    return;

  forget_checks (self, action);
  add_check_row (self, rows, &group, kind == PIT_HOST_INPUT_KEYBOARD ? _("No keyboard") : _("No mouse"),
                 _("The virtual machine gets the one of its window or viewer"), action, "");
  for (guint i = 0; inputs != NULL && i < inputs->len; i++)
    {
      PitHostInputDevice *input = g_ptr_array_index (inputs, i);
      g_autofree char *subtitle = NULL;

      if (input->kind != kind)
        continue;
      n++;
      subtitle = input->usb_port != NULL
                   /* TRANSLATORS: /dev/input/by-id/… · USB port 1-3 */
                   ? g_strdup_printf (_("%s · USB port %s"), input->path, input->usb_port)
                   : g_strdup (input->path);
      add_check_row (self, rows, &group, input->name != NULL ? input->name : input->id, subtitle, action, input->id);
    }
  if (n == 0)
    pit_wizard_row_list_add (rows, kind == PIT_HOST_INPUT_KEYBOARD ? _("No keyboards found") : _("No mice found"),
                             inputs != NULL ? _("/dev/input/by-id lists none on this host")
                                            : _("The host’s devices could not be read"),
                             "dialog-information-symbolic");
}

static char *
plugged_in (PitHostUsbController *controller)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < controller->devices->len; i++)
    {
      PitHostUsbDevice *device = g_ptr_array_index (controller->devices, i);

      if (!device->hub)
        g_ptr_array_add (names, pit_host_usb_device_dup_name (device));
    }
  if (names->len == 0)
    return g_strdup (_("nothing plugged in"));
  g_ptr_array_add (names, NULL);
  {
    g_autofree char *list = g_strjoinv (", ", (char **) names->pdata);

    /* TRANSLATORS: a list of USB devices */
    return g_strdup_printf (_("plugged in: %s"), list);
  }
}

static char *
controller_subtitle (PitHostUsbController *controller)
{
  g_autofree char *devices = plugged_in (controller);
  g_autofree char *group = controller->device->iommu_group >= 0
                             ? g_strdup_printf (_("IOMMU group %d"), controller->device->iommu_group)
                             : g_strdup (_("IOMMU group unknown"));

  if (controller->clean)
    return g_strdup_printf ("%s · %s · %s", controller->device->address, group, devices);
  /* TRANSLATORS: PCI address · IOMMU group 3 · plugged in: … · why it cannot be chosen */
  return g_strdup_printf (_("%s · %s · %s. Not possible: %s"), controller->device->address, group, devices,
                          controller->reason != NULL ? controller->reason : _("unknown"));
}

static void
update_usb_controllers (PitWizardDisplayPage *self,
                        GPtrArray            *controllers)
{
  g_autoptr(GString) key = g_string_new (controllers != NULL ? "host" : "no host");
  GtkCheckButton *group = NULL;

  for (guint i = 0; controllers != NULL && i < controllers->len; i++)
    {
      PitHostUsbController *controller = g_ptr_array_index (controllers, i);
      g_autofree char *subtitle = controller_subtitle (controller);

      g_string_append_printf (key, "\n%s\t%s", controller->device->address, subtitle);
    }
  if (!pit_wizard_row_list_update (self->usb_rows, key->str))
    return;

  forget_checks (self, "display.usb-controller");
  add_check_row (self, self->usb_rows, &group, _("No controller"), _("The host keeps its USB controllers"),
                 "display.usb-controller", "");
  if (controllers == NULL || controllers->len == 0)
    pit_wizard_row_list_add (self->usb_rows, _("No USB controllers found"),
                             controllers != NULL ? _("The host reported none") : _("The host’s devices could not be read"),
                             "dialog-information-symbolic");
  for (guint i = 0; controllers != NULL && i < controllers->len; i++)
    {
      PitHostUsbController *controller = g_ptr_array_index (controllers, i);
      g_autofree char *subtitle = controller_subtitle (controller);
      const char *name = controller->device->device_name != NULL ? controller->device->device_name
                                                                 : controller->device->address;

      /* one that is not clean has no radio: its subtitle says why */
      if (controller->clean)
        add_check_row (self, self->usb_rows, &group, name, subtitle, "display.usb-controller",
                       controller->device->address);
      else
        pit_wizard_row_list_add (self->usb_rows, name, subtitle, "dialog-warning-symbolic");
    }
}

/* every USB device of the host once (by vendor:product), hubs left out */
static void
update_usb_devices (PitWizardDisplayPage *self,
                    GPtrArray            *controllers)
{
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();

  for (guint i = 0; controllers != NULL && i < controllers->len; i++)
    {
      PitHostUsbController *controller = g_ptr_array_index (controllers, i);

      for (guint j = 0; j < controller->devices->len; j++)
        {
          PitHostUsbDevice *device = g_ptr_array_index (controller->devices, j);
          char *ids;

          if (device->hub)
            continue;
          ids = pit_host_usb_device_dup_ids (device);
          /* the set owns ids, also when it had them already */
          if (g_hash_table_contains (seen, ids))
            {
              g_free (ids);
              continue;
            }
          g_hash_table_add (seen, ids);
          g_ptr_array_add (devices, device);
          g_string_append_printf (key, "%s %s\n", ids, device->port);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->usb_devices_group), devices->len > 0);
  if (!pit_wizard_row_list_update (self->usb_device_rows, key->str))
    return;

  forget_checks (self, "display.usb-device");
  for (guint i = 0; i < devices->len; i++)
    {
      PitHostUsbDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *ids = pit_host_usb_device_dup_ids (device);
      g_autofree char *name = pit_host_usb_device_dup_name (device);
      /* TRANSLATORS: vendor:product · USB port 3-1 */
      g_autofree char *subtitle = g_strdup_printf (_("%s · USB port %s"), ids, device->port);

      add_check_row (self, self->usb_device_rows, NULL, name, subtitle, "display.usb-device", ids);
    }
}

/* each check shows the state's choice for its action and target */
static void
update_checks (PitWizardDisplayPage *self,
               PitWizardState       *state)
{
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (check));
      const char *target = g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (check)), NULL);
      const char *chosen = NULL;
      gboolean active;

      if (g_str_equal (action, "display.keyboard"))
        chosen = pit_wizard_state_get_evdev_keyboard (state);
      else if (g_str_equal (action, "display.mouse"))
        chosen = pit_wizard_state_get_evdev_mouse (state);
      else if (g_str_equal (action, "display.usb-controller"))
        chosen = pit_wizard_state_get_usb_controller (state);
      if (g_str_equal (action, "display.usb-device"))
        active = g_ptr_array_find_with_equal_func (pit_wizard_state_get_usb_devices (state), target, g_str_equal, NULL);
      else
        active = g_strcmp0 (chosen != NULL ? chosen : "", target) == 0;
      if (gtk_check_button_get_active (check) != active)
        gtk_check_button_set_active (check, active);
    }
}

static void
update_looking_glass (PitWizardDisplayPage *self,
                      PitWizardState       *state)
{
  PitLookingGlassMode mode;
  gboolean on = pit_wizard_state_get_looking_glass (state, &mode);
  g_autofree char *size = NULL;
  g_autofree char *client = NULL;
  g_autofree char *client_text = NULL;

  if (adw_expander_row_get_enable_expansion (self->lg_row) != on)
    adw_expander_row_set_enable_expansion (self->lg_row, on);
  if (on)
    {
      for (guint i = 0; i < G_N_ELEMENTS (resolutions); i++)
        if (resolutions[i].width == mode.width && resolutions[i].height == mode.height
            && adw_combo_row_get_selected (self->resolution_row) != i)
          adw_combo_row_set_selected (self->resolution_row, i);
      if (gtk_switch_get_active (self->hdr_switch) != mode.hdr)
        gtk_switch_set_active (self->hdr_switch, mode.hdr);
    }
  else
    mode = shown_mode (self);

  size = g_strdup_printf (_("%llu MiB: two frames of %u × %u at %u bytes per pixel, plus 10 MiB for Looking "
                            "Glass’s own data, rounded up to a power of two"),
                          (unsigned long long) pit_looking_glass_size_mib (&mode), mode.width, mode.height,
                          mode.hdr ? 8 : 4);
  pit_wizard_page_update_row (self->size_row, size, "drive-harddisk-system-symbolic");
  client = pit_looking_glass_client_command (FALSE);
  client_text = g_strdup_printf (_("Once the virtual machine runs: “%s” (the review page shows it again). The host "
                                   "plan makes the shared memory file /dev/shm/looking-glass yours and QEMU’s."),
                                 client);
  pit_wizard_page_update_row (self->client_row, client_text, "utilities-terminal-symbolic");
}

static void
update_sound (PitWizardDisplayPage *self,
              PitWizardState       *state)
{
  int sound = pit_wizard_state_get_sound (state);
  guint position = sound < 0 ? 0 : sound == PIT_SOUND_PULSEAUDIO ? 1 : 2;
  const char *server = pit_wizard_state_get_sound_server (state);
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->hdmi_row), pit_wizard_state_has_gpu_audio (state));
  if (adw_combo_row_get_selected (self->sound_row) != position)
    adw_combo_row_set_selected (self->sound_row, position);
  if (sound == PIT_SOUND_PULSEAUDIO)
    subtitle = g_strdup_printf (_("QEMU plays into %s; the host plan lets it reach your sound server"),
                                server != NULL ? server : _("your sound server’s socket"));
  else if (sound == PIT_SOUND_SPICE)
    subtitle = g_strdup (_("Heard where the SPICE viewer runs (virt-manager, remote-viewer); nothing changes on "
                           "the host"));
  else
    subtitle = g_strdup (_("No sound card is added"));
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (self->sound_row)), subtitle) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->sound_row), subtitle);
}

static void
refresh (PitWizardPage *page)
{
  PitWizardDisplayPage *self = PIT_WIZARD_DISPLAY_PAGE (page);
  PitWizardState *state = pit_wizard_page_get_state (page);
  PitHostInventory *host = pit_wizard_state_get_host (state);
  GPtrArray *inputs = host != NULL ? pit_host_inventory_get_input_devices (host) : NULL;
  GPtrArray *controllers = host != NULL ? pit_host_inventory_get_usb_controllers (host) : NULL;
  const char *virtio = pit_wizard_state_is_windows (state)
                         ? _("For Windows with evdev: its vioinput driver is on the virtio-win disc (the Drivers step "
                             "adds the disc)")
                         : _("The guest’s Linux has the driver built in");

  self->updating = TRUE;
  update_looking_glass (self, state);
  update_inputs (self, self->keyboard_rows, inputs, PIT_HOST_INPUT_KEYBOARD, "display.keyboard");
  update_inputs (self, self->mouse_rows, inputs, PIT_HOST_INPUT_MOUSE, "display.mouse");
  if (adw_combo_row_get_selected (self->toggle_row) != pit_wizard_state_get_grab_toggle (state))
    adw_combo_row_set_selected (self->toggle_row, pit_wizard_state_get_grab_toggle (state));
  if (gtk_switch_get_active (self->virtio_switch) != pit_wizard_state_get_virtio_inputs (state))
    gtk_switch_set_active (self->virtio_switch, pit_wizard_state_get_virtio_inputs (state));
  pit_wizard_page_update_row (self->virtio_row, virtio, NULL);
  update_usb_controllers (self, controllers);
  update_usb_devices (self, controllers);
  update_checks (self, state);
  update_sound (self, state);
  self->updating = FALSE;
}

static void
pit_wizard_display_page_dispose (GObject *object)
{
  PitWizardDisplayPage *self = PIT_WIZARD_DISPLAY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PIT_TYPE_WIZARD_DISPLAY_PAGE);
  g_clear_pointer (&self->keyboard_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->mouse_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->usb_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->usb_device_rows, pit_wizard_row_list_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (pit_wizard_display_page_parent_class)->dispose (object);
}

static void
pit_wizard_display_page_class_init (PitWizardDisplayPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pit_wizard_display_page_dispose;
  PIT_WIZARD_PAGE_CLASS (klass)->refresh = refresh;

  pit_ui_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/pit-wizard-display-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, lg_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, hdr_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, size_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, client_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, keyboard_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, mouse_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, toggle_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, virtio_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, virtio_switch);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, usb_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, usb_devices_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, sound_group);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, hdmi_row);
  gtk_widget_class_bind_template_child (widget_class, PitWizardDisplayPage, sound_row);
  gtk_widget_class_bind_template_callback (widget_class, lg_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggle_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, virtio_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sound_selected_cb);

  gtk_widget_class_install_action (widget_class, "display.keyboard", "s", keyboard_action);
  gtk_widget_class_install_action (widget_class, "display.mouse", "s", mouse_action);
  gtk_widget_class_install_action (widget_class, "display.usb-controller", "s", usb_controller_action);
  gtk_widget_class_install_action (widget_class, "display.usb-device", "s", usb_device_action);
}

static void
pit_wizard_display_page_init (PitWizardDisplayPage *self)
{
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) toggles = gtk_string_list_new (NULL);
  g_autofree char *toggle_default = NULL;

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->keyboard_rows = pit_wizard_row_list_new (self->keyboard_group);
  self->mouse_rows = pit_wizard_row_list_new (self->mouse_group);
  self->usb_rows = pit_wizard_row_list_new (self->usb_group);
  self->usb_device_rows = pit_wizard_row_list_new (self->usb_devices_group);
  self->checks = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (resolutions); i++)
    gtk_string_list_append (modes, _(resolutions[i].name));
  adw_combo_row_set_model (self->resolution_row, G_LIST_MODEL (modes));
  /* the keys libvirt allows for grabToggle, in words */
  for (PitGrabToggle toggle = 0; toggle < PIT_GRAB_TOGGLE_N; toggle++)
    gtk_string_list_append (toggles, pit_grab_toggle_to_string (toggle));
  adw_combo_row_set_model (self->toggle_row, G_LIST_MODEL (toggles));
  /* TRANSLATORS: %s is a key combination in words, "both Ctrl keys" */
  toggle_default = g_strdup_printf (_("libvirt’s default: %s"), pit_grab_toggle_to_string (PIT_GRAB_TOGGLE_CTRL_CTRL));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->toggle_row), toggle_default);
  self->updating = FALSE;

  pit_wizard_page_set_error_after (PIT_WIZARD_PAGE (self), GTK_WIDGET (self->sound_group));
  pit_wizard_page_label_switches (GTK_WIDGET (self->lg_row), _("Show the guest with Looking Glass"));
}

GtkWidget *
pit_wizard_display_page_new (void)
{
  return g_object_new (PIT_TYPE_WIZARD_DISPLAY_PAGE, "section", PIT_WIZARD_SECTION_DISPLAY, NULL);
}
