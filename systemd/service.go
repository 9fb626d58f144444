package systemd

// Service is the [Service] section of a .service unit: how the service's
// processes are started, stopped, restarted and confined.
//
// The Exec*=, Environment= and EnvironmentFile= lists render one line per
// element; a zero element is the empty assignment, which clears the list so
// far (and, in a drop-in, the unit's own list).
type Service struct {
	// Type is Type= (default simple when ExecStart= is set): when systemd
	// considers the service started. Daemons that call sd_notify use notify.
	Type ServiceType
	// ExecStartPre is ExecStartPre=: commands run, in order, before
	// ExecStart=.
	ExecStartPre []Command
	// ExecStart is ExecStart=: the service's command. Exactly one unless
	// Type is oneshot; a drop-in replaces it with a reset then a command.
	ExecStart []Command
	// ExecStartPost is ExecStartPost=: commands run after the service has
	// started.
	ExecStartPost []Command
	// ExecReload is ExecReload=: commands that make the service reload its
	// configuration (often /bin/kill -s HUP $MAINPID).
	ExecReload []Command
	// ExecStop is ExecStop=: commands that stop the service; without one,
	// systemd signals it according to KillMode.
	ExecStop []Command
	// ExecStopPost is ExecStopPost=: commands run after the service stopped.
	ExecStopPost []Command
	// Environment is Environment=: variables set for the commands.
	Environment []Env
	// EnvironmentFile is EnvironmentFile=: files of NAME=value lines read
	// when the service starts; later files override earlier ones and
	// Environment=.
	EnvironmentFile []EnvironmentFile
	// Restart is Restart= (default no): when systemd restarts the service.
	Restart RestartPolicy
	// RestartSec is RestartSec= (default 100ms): the pause before a restart.
	RestartSec Timespan
	// TimeoutSec is TimeoutSec=: sets TimeoutStartSec and TimeoutStopSec at
	// once; "0" or "infinity" disables both.
	TimeoutSec Timespan
	// TimeoutStartSec is TimeoutStartSec= (default 90s): how long start-up
	// may take.
	TimeoutStartSec Timespan
	// TimeoutStopSec is TimeoutStopSec= (default 90s): how long stopping may
	// take before systemd sends SIGKILL.
	TimeoutStopSec Timespan
	// Delegate is Delegate= (default no): yes hands the unit's cgroup
	// subtree to the service, which container runtimes need. A controller
	// list (Delegate=cpu memory) stays in Extra.
	Delegate *bool
	// KillMode is KillMode= (default control-group): which processes are
	// signalled on stop. Container runtimes use process so containers
	// survive a daemon restart.
	KillMode KillMode
	// OOMScoreAdjust is OOMScoreAdjust=, from -1000 (never killed) to 1000
	// (killed first) for the kernel's OOM killer.
	OOMScoreAdjust *int
	// LimitNOFILE is LimitNOFILE=: open file descriptors (RLIMIT_NOFILE).
	LimitNOFILE Limit
	// LimitNPROC is LimitNPROC=: processes of the user (RLIMIT_NPROC).
	LimitNPROC Limit
	// LimitCORE is LimitCORE=: core dump size in bytes (RLIMIT_CORE).
	LimitCORE Limit
	// LimitMEMLOCK is LimitMEMLOCK=: locked memory in bytes (RLIMIT_MEMLOCK).
	LimitMEMLOCK Limit
	// TasksMax is TasksMax= (default 15% of the system's limit, from
	// DefaultTasksMax=): the most tasks the unit's cgroup may hold: a count
	// ("4096"), a percentage ("50%") or "infinity".
	TasksMax string
	// User is User= (default root): the user the commands run as.
	User string
	// Group is Group= (default the user's group).
	Group string
	// WorkingDirectory is WorkingDirectory=: an absolute path or "~" (the
	// user's home); a "-" prefix tolerates a missing directory.
	WorkingDirectory string
	// Slice is Slice= (default system.slice): the .slice unit the service's
	// cgroup goes under.
	Slice string
	// Extra holds [Service] keys not modelled here, in order.
	Extra []Option
}

var serviceCodec = &sectionCodec[Service]{
	name:  "Service",
	extra: func(s *Service) *[]Option { return &s.Extra },
	keys: []keyDef[Service]{
		textKey("Type", func(s *Service) *ServiceType { return &s.Type }, checkEnum(ServiceTypes)),
		commandKey("ExecStartPre", func(s *Service) *[]Command { return &s.ExecStartPre }),
		commandKey("ExecStart", func(s *Service) *[]Command { return &s.ExecStart }),
		commandKey("ExecStartPost", func(s *Service) *[]Command { return &s.ExecStartPost }),
		commandKey("ExecReload", func(s *Service) *[]Command { return &s.ExecReload }),
		commandKey("ExecStop", func(s *Service) *[]Command { return &s.ExecStop }),
		commandKey("ExecStopPost", func(s *Service) *[]Command { return &s.ExecStopPost }),
		envKey("Environment", func(s *Service) *[]Env { return &s.Environment }),
		envFileKey("EnvironmentFile", func(s *Service) *[]EnvironmentFile { return &s.EnvironmentFile }),
		textKey("Restart", func(s *Service) *RestartPolicy { return &s.Restart }, checkEnum(RestartPolicies)),
		textKey("RestartSec", func(s *Service) *Timespan { return &s.RestartSec }, checkTimespan),
		textKey("TimeoutSec", func(s *Service) *Timespan { return &s.TimeoutSec }, checkTimespan),
		textKey("TimeoutStartSec", func(s *Service) *Timespan { return &s.TimeoutStartSec }, checkTimespan),
		textKey("TimeoutStopSec", func(s *Service) *Timespan { return &s.TimeoutStopSec }, checkTimespan),
		boolKey("Delegate", func(s *Service) **bool { return &s.Delegate }),
		textKey("KillMode", func(s *Service) *KillMode { return &s.KillMode }, checkEnum(KillModes)),
		intKey("OOMScoreAdjust", func(s *Service) **int { return &s.OOMScoreAdjust }, -1000, 1000),
		textKey("LimitNOFILE", func(s *Service) *Limit { return &s.LimitNOFILE }, checkCountLimit),
		textKey("LimitNPROC", func(s *Service) *Limit { return &s.LimitNPROC }, checkCountLimit),
		textKey("LimitCORE", func(s *Service) *Limit { return &s.LimitCORE }, checkByteLimit),
		textKey("LimitMEMLOCK", func(s *Service) *Limit { return &s.LimitMEMLOCK }, checkByteLimit),
		textKey("TasksMax", func(s *Service) *string { return &s.TasksMax }, checkTasksMax),
		textKey("User", func(s *Service) *string { return &s.User }, checkUser),
		textKey("Group", func(s *Service) *string { return &s.Group }, checkUser),
		textKey("WorkingDirectory", func(s *Service) *string { return &s.WorkingDirectory }, checkWorkingDirectory),
		textKey("Slice", func(s *Service) *string { return &s.Slice }, checkUnitOfKind(".slice")),
	},
}
