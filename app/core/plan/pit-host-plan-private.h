/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "pit-host-plan.h"

G_BEGIN_DECLS

/* Shared by the generators (pit-plan-*.c); not for other areas. */

typedef struct
{
  char *param;
  char *why;   /* English, for the generated files' comments */
} PitPlanParam;

struct _PitHostPlan
{
  GObject             parent_instance;

  PitPlanFacts       *facts;
  PitHostPlanRequest *request;
  char               *root;
  GPtrArray          *params;    /* PitPlanParam, in command line order */
  GPtrArray          *gpus;      /* PitPlanPciDevice (the facts'), as chosen */
  GPtrArray          *devices;   /* PitPlanPciDevice: every device going to vfio-pci */
  char              **vfio_ids;  /* "10de:1b80", … */
  char              **modules;   /* vfio modules for the initramfs, in load order */
  char              **softdeps;  /* drivers that must wait for vfio-pci */
  char              **blacklist; /* drivers the host does not need at all */
  GPtrArray          *notes;     /* char *: English warnings for every output */
  char               *udev_rules; /* udev rules (reset_method for vendor-reset), or NULL */
  /* CPU isolation while the VM runs (request->isolate_vm) */
  GArray             *pinned;    /* guint: the VM's CPUs, ascending */
  char               *host_cpus; /* the host's: online minus pinned, a CPU list */
  char               *host_mask; /* the same as the kernel's hex cpumask */
};

/* A part of a VM's hook (pit-plan-vm-hook.c): shell functions, the case
 * arms of do_step and undo_step for its kinds, and its prepare steps */
typedef struct
{
  void (*helpers)    (PitHostPlan *self, GString *out);
  void (*do_kinds)   (PitHostPlan *self, GString *out);
  void (*undo_kinds) (PitHostPlan *self, GString *out);
  void (*steps)      (PitHostPlan *self, GString *out);
} PitPlanHookPart;

extern const PitPlanHookPart pit_plan_single_gpu_part;
extern const PitPlanHookPart pit_plan_isolation_part;

#define PIT_PLAN_WIDTH 78

gboolean _pit_plan_build               (PitHostPlan  *self,
                                       GError      **error);

void     _pit_plan_comment             (GString     *out,
                                       const char  *indent,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (3, 4);
void     _pit_plan_line                (GString     *out,
                                       const char  *format,
                                       ...) G_GNUC_PRINTF (2, 3);
void     _pit_plan_section             (GString     *out,
                                       const char  *title);
void     _pit_plan_notes               (PitHostPlan *self,
                                       GString     *out,
                                       const char  *indent);
char    *_pit_plan_describe_device     (const PitPlanPciDevice *dev);
char    *_pit_plan_describe_devices    (PitHostPlan *self);
char    *_pit_plan_read_file           (PitHostPlan *self,
                                       const char  *relative);
gboolean _pit_plan_file_exists         (PitHostPlan *self,
                                       const char  *relative);
char    *_pit_plan_params_joined       (PitHostPlan *self);
char    *_pit_plan_modprobe_conf       (PitHostPlan *self,
                                       const char  *indent,
                                       gboolean     with_blacklist);
char    *_pit_plan_page_size           (PitHostPlan *self);

void     _pit_plan_hook_script         (PitHostPlan *self,
                                       GString     *out);

void     _pit_plan_render_nixos          (PitHostPlan *self, GString *out);
gboolean _pit_plan_render_grub           (PitHostPlan *self, GString *out, GError **error);
gboolean _pit_plan_render_systemd_boot   (PitHostPlan *self, GString *out, GError **error);
gboolean _pit_plan_render_modprobe       (PitHostPlan *self, GString *out, GError **error);
gboolean _pit_plan_render_initramfs      (PitHostPlan *self, GString *out, GError **error);
gboolean _pit_plan_render_networkmanager (PitHostPlan *self, GString *out, GError **error);
gboolean _pit_plan_render_networkd       (PitHostPlan *self, GString *out, GError **error);
void     _pit_plan_render_ifupdown       (PitHostPlan *self, GString *out);
void     _pit_plan_render_no_manager     (PitHostPlan *self, GString *out);
gboolean _pit_plan_render_libvirt_hook   (PitHostPlan *self, GString *out, GError **error);
gboolean _pit_plan_render_looking_glass  (PitHostPlan *self, GString *out, GError **error);
void     _pit_plan_nixos_looking_glass   (PitHostPlan *self, GString *out, gboolean modprobe_done);
gboolean _pit_plan_wants_looking_glass   (PitHostPlan *self);
gboolean _pit_plan_wants_swtpm           (PitHostPlan *self);
gboolean _pit_plan_has_swtpm             (PitHostPlan *self);
void     _pit_plan_render_swtpm          (PitHostPlan *self, GString *out);
void     _pit_plan_nixos_swtpm           (PitHostPlan *self, GString *out);
char    *_pit_plan_kvmfr_udev_rule       (PitHostPlan *self);
char    *_pit_plan_kvmfr_modprobe_line   (PitHostPlan *self);
char    *_pit_plan_looking_glass_tmpfiles_line (PitHostPlan *self);
gboolean _pit_plan_render_vm_hook        (PitHostPlan *self, PitHostPlanTarget target, GString *out,
                                         GError **error);
char    *_pit_plan_sh_quote              (const char *text);
const char *_pit_plan_hook_vm            (PitHostPlan *self);
void     _pit_plan_single_gpu_warning    (PitHostPlan *self, GString *out);
void     _pit_plan_single_gpu_notes      (PitHostPlan *self, GString *out);
void     _pit_plan_isolation_notes       (PitHostPlan *self, GString *out);
gboolean _pit_plan_isolation_check       (PitHostPlan *self, GError **error);
char    *_pit_plan_cpu_mask              (const GArray *cpus, guint n_cpus);

G_END_DECLS
