# p11-kit-conf/: the module config that makes p11-kit load the module.
p11kitconfdir = $(p11_module_configs)
dist_p11kitconf_DATA = p11-kit-conf/parsec-pkcs11.module
