// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

interface IERC20Minimal {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// Collateral vault on a source chain. The hub never takes a relayer's word for what is locked here: it
/// reads `locked` through an EIP-1186 storage proof, so the layout below is part of the wire format
/// (../shared/spec/settlement.md): `locked` must stay at slot 0.
contract OmnimarginVault {
    /// slot 0: locked[account][token]; token 0x0 is the chain's native coin.
    mapping(address => mapping(address => uint256)) public locked;
    /// slot 1: number of deposits so far; each deposit carries the next value as its nonce.
    uint256 public depositNonce;
    /// slot 2: release and seizure authorisations already used (each is single use).
    mapping(bytes32 => bool) public consumed;

    /// The hub's settlement key: the only signer of releases and seizures.
    address public immutable hub;
    bytes32 public immutable DOMAIN_SEPARATOR;

    bytes32 public constant RELEASE_TYPEHASH =
        keccak256("Release(bytes32 withdrawalId,address account,address token,uint256 amount,address recipient)");
    bytes32 public constant SEIZE_TYPEHASH =
        keccak256("Seize(bytes32 liquidationId,address account,address token,uint256 amount,address recipient)");
    // secp256k1n / 2: signatures with a higher s are malleable copies and are refused.
    uint256 private constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    event Locked(address indexed account, address indexed token, uint256 amount, uint256 indexed depositNonce);
    event Released(bytes32 indexed withdrawalId, address indexed account, address token, uint256 amount, address recipient);
    event Seized(bytes32 indexed liquidationId, address indexed account, address token, uint256 amount, address recipient);

    error ZeroAmount();
    error TransferFailed();
    error AlreadyConsumed(bytes32 id);
    error BadSignature();
    error InsufficientLocked(uint256 locked, uint256 requested);

    constructor(address hub_) {
        hub = hub_;
        DOMAIN_SEPARATOR = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("OmnimarginVault"),
                keccak256("1"),
                block.chainid,
                address(this)
            )
        );
    }

    /// Locks `amount` of an ERC-20 token the caller has approved.
    function deposit(address token, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        if (!IERC20Minimal(token).transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        _lock(msg.sender, token, amount);
    }

    /// Locks the native coin sent with the call.
    function depositNative() external payable {
        if (msg.value == 0) revert ZeroAmount();
        _lock(msg.sender, address(0), msg.value);
    }

    /// Pays out a withdrawal the hub approved after its margin check.
    function release(
        bytes32 withdrawalId, address account, address token, uint256 amount, address recipient, bytes calldata signature
    ) external {
        bytes32 structHash = keccak256(abi.encode(RELEASE_TYPEHASH, withdrawalId, account, token, amount, recipient));
        _consume(withdrawalId, structHash, signature);
        _unlock(account, token, amount, recipient);
        emit Released(withdrawalId, account, token, amount, recipient);
    }

    /// Takes collateral of a liquidated account, as the hub authorised.
    function seize(
        bytes32 liquidationId, address account, address token, uint256 amount, address recipient, bytes calldata signature
    ) external {
        bytes32 structHash = keccak256(abi.encode(SEIZE_TYPEHASH, liquidationId, account, token, amount, recipient));
        _consume(liquidationId, structHash, signature);
        _unlock(account, token, amount, recipient);
        emit Seized(liquidationId, account, token, amount, recipient);
    }

    function _lock(address account, address token, uint256 amount) private {
        locked[account][token] += amount;
        uint256 nonce = ++depositNonce;
        emit Locked(account, token, amount, nonce);
    }

    function _consume(bytes32 id, bytes32 structHash, bytes calldata signature) private {
        if (consumed[id]) revert AlreadyConsumed(id);
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", DOMAIN_SEPARATOR, structHash));
        if (_recover(digest, signature) != hub) revert BadSignature();
        consumed[id] = true;
    }

    function _unlock(address account, address token, uint256 amount, address recipient) private {
        uint256 have = locked[account][token];
        if (amount == 0) revert ZeroAmount();
        if (have < amount) revert InsufficientLocked(have, amount);
        locked[account][token] = have - amount;
        bool ok;
        if (token == address(0)) {
            (ok,) = recipient.call{value: amount}("");
        } else {
            ok = IERC20Minimal(token).transfer(recipient, amount);
        }
        if (!ok) revert TransferFailed();
    }

    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) revert BadSignature();
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (uint256(s) > HALF_N || (v != 27 && v != 28)) revert BadSignature();
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert BadSignature();
        return signer;
    }
}
