/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "pit-domain-summary.h"

G_BEGIN_DECLS

/* PitHostPlanRequest: what the user chose for the host plan.  The plan
 * checks the choices against the host (pit_host_plan_new()); the parsers
 * here only check the syntax. */
typedef struct
{
  GPtrArray *gpus;                /* char *: PCI addresses as given */
  guint64    hugepage_size_kib;   /* 0: no hugepages */
  guint64    hugepage_count;
  gboolean   hugepages_on_demand; /* reserve at VM start (libvirt hook), not at boot */
  char      *bridge;              /* NULL: no bridge */
  char      *uplink;
  gboolean   iommu_pt;            /* add iommu=pt (default TRUE) */
  char      *isolate_cpus;        /* CPU list to keep the host off, or NULL */
  guint64    looking_glass_mib;   /* 0: no Looking Glass; else its shared memory */
  gboolean   kvmfr;               /* through the kvmfr module, not /dev/shm */
  char      *user;                /* who runs the Looking Glass client and the sound server */
  char      *group;               /* the group QEMU and the user share ("kvm") */
  gboolean   sound_pulseaudio;    /* QEMU plays into the user's PulseAudio/PipeWire */
  char      *single_gpu_vm;       /* the VM whose hook hands it the host's only GPU, or NULL */
  char      *isolate_vm;          /* the VM whose hook keeps the host off its CPUs while it runs */
  char      *isolate_vm_cpus;     /* that VM's pinned CPUs (all its pins), NULL: not pinned */
  gboolean   tpm;                 /* a VM gets an emulated TPM: swtpm is installed */
} PitHostPlanRequest;

PitHostPlanRequest *pit_host_plan_request_new            (void);
PitHostPlanRequest *pit_host_plan_request_copy           (const PitHostPlanRequest *self);
void                pit_host_plan_request_free           (PitHostPlanRequest  *self);
void                pit_host_plan_request_add_gpu        (PitHostPlanRequest  *self,
                                                          const char          *address);
gboolean            pit_host_plan_request_set_hugepages  (PitHostPlanRequest  *self,
                                                          const char          *spec,
                                                          GError             **error);
gboolean            pit_host_plan_request_set_bridge     (PitHostPlanRequest  *self,
                                                          const char          *spec,
                                                          GError             **error);
gboolean            pit_host_plan_request_set_isolate_cpus (PitHostPlanRequest  *self,
                                                            const char          *cpus,
                                                            GError             **error);
/* "1920x1080", "3840x2160:hdr": the size Looking Glass needs for it */
gboolean            pit_host_plan_request_set_looking_glass (PitHostPlanRequest  *self,
                                                             const char          *mode,
                                                             GError             **error);
/* "alice" or "alice:kvm" (the group defaults to kvm) */
gboolean            pit_host_plan_request_set_user       (PitHostPlanRequest  *self,
                                                          const char          *spec,
                                                          GError             **error);

gboolean            pit_host_plan_request_set_single_gpu (PitHostPlanRequest  *self,
                                                          const char          *vm,
                                                          GError             **error);

gboolean            pit_host_plan_request_set_isolate_vm (PitHostPlanRequest  *self,
                                                          const char          *vm,
                                                          const char          *pinned_cpus,
                                                          GError             **error);

char               *pit_host_plan_vm_pinned_cpus         (const PitDomainSummary *summary,
                                                          GError             **error);

char               *pit_host_plan_format_page_size       (guint64              size_kib);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PitHostPlanRequest, pit_host_plan_request_free)

G_END_DECLS
