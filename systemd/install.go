package systemd

// Install is the [Install] section, read only by systemctl enable and
// disable: which symlinks enabling the unit creates. Each list renders one
// line per element; an empty element clears the list so far.
type Install struct {
	// WantedBy is WantedBy=: enabling adds this unit to each target's Wants=
	// (multi-user.target for a daemon, sockets.target for a socket).
	WantedBy []string
	// RequiredBy is RequiredBy=: enabling adds this unit to each unit's
	// Requires=.
	RequiredBy []string
	// Also is Also=: units enabled and disabled together with this one.
	Also []string
	// Alias is Alias=: other names for the unit, with the same suffix.
	Alias []string
	// Extra holds [Install] keys not modelled here, in order.
	Extra []Option
}

var installCodec = &sectionCodec[Install]{
	name:  "Install",
	extra: func(i *Install) *[]Option { return &i.Extra },
	keys: []keyDef[Install]{
		listKey("WantedBy", func(i *Install) *[]string { return &i.WantedBy }, true, checkUnitName),
		listKey("RequiredBy", func(i *Install) *[]string { return &i.RequiredBy }, true, checkUnitName),
		listKey("Also", func(i *Install) *[]string { return &i.Also }, true, checkUnitName),
		listKey("Alias", func(i *Install) *[]string { return &i.Alias }, true, checkUnitName),
	},
}
