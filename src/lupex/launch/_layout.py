"""Layout of the plain arrays the ascent kernels share (private; see :mod:`lupex.launch._core`).

Indices of the vehicle parameter array (``V_*``, :data:`N_V` slots), of the guidance parameter
array (``G_*``, :data:`N_G`), of the event-time slots (``E_*``, :data:`N_E`) and the steering
modes (``MODE_*``).
"""

from __future__ import annotations


# indices of the vehicle parameter array
(V_NSRB, V_SRB_ISP, V_SRB_AE, V_SRB_TB, V_SRB_SEP, V_SRB_INERT, V_SRB_PROP, V_S1_F, V_S1_MDOT,
 V_S1_AE, V_T_MECO, V_S1_DRY, V_T_S1SEP, V_T_SEIG, V_S2_F, V_S2_MDOT, V_S2_PROP, V_FAIR_KG,
 V_FAIR_FLUX, V_A_CORE, V_A_SRB, V_PAYLOAD, V_S2_DRY, V_S1_THROTTLE) = range(24)
N_V = 24
# indices of the guidance parameter array
(G_AZ, G_TVERT, G_KICK, G_KICKDUR, G_A, G_B, G_YAW, G_ETARGET, G_INC, G_LAT, G_LON, G_DT_ATM,
 G_DT_VAC, G_B2, G_DLYAW, G_DLT0) = range(16)
N_G = 16
# event slots
(E_SRB_BO, E_SRB_SEP, E_FAIRING, E_MECO, E_S1SEP, E_SEIG, E_SECO, E_GTURN, E_MAXQ) = range(9)
N_E = 9

MODE_VERT, MODE_PITCH, MODE_GTURN, MODE_LTS, MODE_PROGRADE = 0, 1, 2, 3, 4
