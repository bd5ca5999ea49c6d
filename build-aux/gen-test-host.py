#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a libvirt test-driver node file with N running domains, for the
benchmarks.  Usage: gen-test-host.py N OUTPUT.xml"""
import sys
import uuid

def main():
    count = int(sys.argv[1])
    out = sys.argv[2]
    parts = ["<node>",
             "  <cpu><mhz>4000</mhz><model>x86_64</model><nodes>1</nodes>"
             "<sockets>1</sockets><cores>4</cores><threads>2</threads></cpu>",
             "  <memory>33554432</memory>"]
    for i in range(count):
        u = uuid.UUID(int=(0x5017 << 112) + i)
        parts.append(f"""  <domain type='kvm'>
    <name>bench-vm-{i:03d}</name>
    <uuid>{u}</uuid>
    <memory unit='MiB'>{512 + (i % 8) * 256}</memory>
    <vcpu placement='static' current='{1 + i % 2}'>{2 + (i % 3) * 2}</vcpu>
    <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type><boot dev='hd'/></os>
    <cpu mode='host-passthrough'><topology sockets='1' dies='1' cores='{1 + (i % 3)}' threads='2'/></cpu>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='/var/lib/libvirt/images/bench-vm-{i:03d}.qcow2'/>
        <target dev='vda' bus='virtio'/>
      </disk>
      <interface type='network'>
        <mac address='52:54:00:{i >> 8 & 0xff:02x}:{i & 0xff:02x}:01'/>
        <source network='default'/>
        <model type='virtio'/>
      </interface>
    </devices>
  </domain>""")
    parts.append("""  <network>
    <name>default</name>
    <forward mode='nat'/>
    <bridge name='virbr0'/>
    <ip address='192.168.122.1' netmask='255.255.255.0'/>
  </network>
</node>""")
    with open(out, "w") as f:
        f.write("\n".join(parts) + "\n")

if __name__ == "__main__":
    main()
